from django.urls import path

from apps.workers import data_pages, views

app_name = "workers"

urlpatterns = [
    path("", views.people, name="people"),
    path("me/", views.account, name="account"),
    path("organisation/", views.organisation, name="organisation"),
    path("me/data/", data_pages.my_data, name="my-data"),
    path("me/data/erase/", data_pages.my_data_erase_request, name="my-data-erase-request"),
    path("erasure-requests/", data_pages.erasure_requests, name="erasure-requests"),
    path("me/email/confirm/<str:token>/", views.email_confirm, name="email-confirm"),
    path("<uuid:worker_id>/edit/", views.worker_edit, name="worker-edit"),
    path("<uuid:worker_id>/leave/", views.worker_leave, name="worker-leave"),
    path("<uuid:worker_id>/erase/", views.worker_erase, name="worker-erase"),
    # Public (the token is the credential): a worker who has left downloads their own data.
    path("left/<uuid:worker_id>/<str:token>/", views.leaver_export, name="leaver-export"),
]
