from django.apps import AppConfig


class PrivacyCheckConfig(AppConfig):
    """The check before sharing (issue 18, item 6). No models, no registry entries: it stores
    nothing, so it has no retention rule and no data-rights section."""

    name = "apps.privacy_check"
    label = "privacy_check"
