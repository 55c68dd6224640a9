"""This app's part of the API router (see pspteam/api.py)."""

from apps.portfolio_documents.api.views import PortfolioDocumentViewSet


def register(router) -> None:
    router.register("portfolio-documents", PortfolioDocumentViewSet, basename="portfolio-document")


urlpatterns: list = []
