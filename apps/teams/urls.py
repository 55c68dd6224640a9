from django.urls import path

from apps.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("<uuid:team_id>/", views.team_detail, name="team-detail"),
    path("memberships/<uuid:membership_id>/remove/", views.membership_remove, name="membership-remove"),
]
