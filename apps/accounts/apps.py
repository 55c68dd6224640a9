from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from apps.accounts import data_rights, signals  # noqa: F401 - signals connects the sign-in receiver
        from apps.core import registry

        registry.register_data_section("account", order=1, export=data_rights.export)
