from django.urls import path

from apps.portfolio_documents import views

app_name = "portfolio_documents"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("new/", views.document_new, name="document-new"),
    path("<uuid:document_id>/", views.document_detail, name="document-detail"),
    path("<uuid:document_id>/progress/", views.document_progress, name="document-progress"),
    path("<uuid:document_id>/download/", views.document_download, name="document-download"),
    path("<uuid:document_id>/revoke/", views.document_revoke, name="document-revoke"),
    # Public (no account): a third party checks a document by its code.
    path("verify/", views.verify_start, name="verify-start"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
