from django.apps import AppConfig

from apps.core import registry


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from apps.accounts import data_rights, signals  # noqa: F401 - signals connects the sign-in receiver

        registry.register_data_section("account", order=1, export=data_rights.export, readable=data_rights.READABLE)
