from django.apps import AppConfig


class PortfolioDocumentsConfig(AppConfig):
    name = "apps.portfolio_documents"
    label = "portfolio_documents"
    verbose_name = "Portfolio documents"

    def ready(self) -> None:
        from apps.core import registry
        from apps.portfolio_documents import data_rights, retention

        registry.register_retention_rule("portfolio_documents", retention.enforce)
        # No header link of its own (the header is long enough): My portfolio and My account
        # link the documents.
        registry.register_data_section(
            "portfolio_documents",
            order=95,
            export=data_rights.export,
            erase=data_rights.erase,
            readable=data_rights.READABLE,
        )
