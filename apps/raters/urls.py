from django.urls import path

from apps.raters import views

app_name = "raters"

urlpatterns = [
    path("", views.invitation_list, name="invitation-list"),
    path("new/", views.invitation_create, name="invitation-create"),
    path("<uuid:invitation_id>/", views.invitation_detail, name="invitation-detail"),
    path("<uuid:invitation_id>/withdraw/", views.invitation_revoke, name="invitation-revoke"),
    path("<uuid:invitation_id>/decide/", views.invitation_decide, name="invitation-decide"),
    path("respond/<str:rater_token>/", views.respond, name="respond"),
]
