from django.urls import path

from apps.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("archived/", views.team_list, {"archived": True}, name="team-list-archived"),
    path("new/", views.team_create, name="team-create"),
    path("<uuid:team_id>/", views.team_detail, name="team-detail"),
    path("<uuid:team_id>/edit/", views.team_edit, name="team-edit"),
    path("<uuid:team_id>/archive/", views.team_archive, name="team-archive"),
    path("<uuid:team_id>/restore/", views.team_restore, name="team-restore"),
    path("memberships/<uuid:membership_id>/remove/", views.membership_remove, name="membership-remove"),
]
