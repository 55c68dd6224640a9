from django.urls import path

from apps.reflections import views

app_name = "reflections"

urlpatterns = [
    path("", views.reflection_list, name="reflection-list"),
    path("new/", views.reflection_new, name="reflection-new"),
    path("exchanges/", views.exchanges, name="exchanges"),
    path("shared-with-me/", views.shared_with_me, name="shared-with-me"),
    path("teams/<uuid:team_id>/", views.team_feed, name="team-feed"),
    path("drafts/", views.draft_create, name="draft-create"),
    path("<uuid:reflection_id>/", views.reflection_detail, name="reflection-detail"),
    path("<uuid:reflection_id>/edit/", views.reflection_edit, name="reflection-edit"),
    path("<uuid:reflection_id>/draft/", views.draft_autosave, name="draft-autosave"),
    path("<uuid:reflection_id>/sharing/", views.reflection_sharing, name="reflection-sharing"),
    path("<uuid:reflection_id>/delete/", views.reflection_delete, name="reflection-delete"),
    path("<uuid:reflection_id>/comments/", views.comment_add, name="comment-add"),
    path("<uuid:reflection_id>/acknowledge/", views.reflection_acknowledge, name="reflection-acknowledge"),
]
