from django.urls import path

from apps.roles import views

app_name = "roles"

urlpatterns = [
    path("", views.role_list, name="role-list"),
    path("new/", views.role_create, name="role-create"),
    path("<uuid:definition_id>/", views.role_detail, name="role-detail"),
    path("<uuid:definition_id>/edit/", views.role_edit, name="role-edit"),
    path("<uuid:definition_id>/publish/", views.role_publish, name="role-publish"),
    path("<uuid:definition_id>/retire/", views.role_retire, name="role-retire"),
    path("<uuid:definition_id>/discard/", views.role_discard, name="role-discard"),
    path("<uuid:definition_id>/diff/", views.role_diff, name="role-diff"),
    path("<uuid:definition_id>/consult/", views.role_consult, name="role-consult"),
    path("<uuid:definition_id>/respond/", views.role_respond, name="role-respond"),
    path("<uuid:definition_id>/comments/", views.role_comment, name="role-comment"),
    path(
        "<uuid:definition_id>/comments/<uuid:comment_id>/decide/",
        views.role_comment_decide,
        name="role-comment-decide",
    ),
    path("assign/", views.assignment_create, name="assignment-create"),
    path("assignments/<uuid:assignment_id>/", views.assignment_detail, name="assignment-detail"),
    path("assignments/<uuid:assignment_id>/comment/", views.assignment_comment, name="assignment-comment"),
    path("assignments/<uuid:assignment_id>/end/", views.assignment_end, name="assignment-end"),
    path("assignments/<uuid:assignment_id>/acknowledge/", views.assignment_acknowledge, name="assignment-acknowledge"),
    path("teams/<uuid:team_id>/", views.team_overview, name="team-overview"),
    path("teams/<uuid:team_id>/overlaps/", views.team_overlaps, name="team-overlaps"),
]
