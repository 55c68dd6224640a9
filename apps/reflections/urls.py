from django.urls import path

from apps.reflections.views import autosave, chart, detail, entries, feed

app_name = "reflections"

urlpatterns = [
    path("", entries.reflection_list, name="reflection-list"),
    path("new/", entries.reflection_new, name="reflection-new"),
    path("exchanges/", chart.exchanges, name="exchanges"),
    path("shared-with-me/", feed.shared_with_me, name="shared-with-me"),
    path("teams/<uuid:team_id>/", feed.team_feed, name="team-feed"),
    path("drafts/", autosave.draft_create, name="draft-create"),
    path("<uuid:reflection_id>/", detail.reflection_detail, name="reflection-detail"),
    path("<uuid:reflection_id>/edit/", entries.reflection_edit, name="reflection-edit"),
    path("<uuid:reflection_id>/draft/", autosave.draft_autosave, name="draft-autosave"),
    path("<uuid:reflection_id>/sharing/", entries.reflection_sharing, name="reflection-sharing"),
    path("<uuid:reflection_id>/delete/", entries.reflection_delete, name="reflection-delete"),
    path("<uuid:reflection_id>/comments/", detail.comment_add, name="comment-add"),
    path("<uuid:reflection_id>/replies/", detail.replies_set, name="replies-set"),
    path("<uuid:reflection_id>/helped/", detail.helped_set, name="helped-set"),
    path("<uuid:reflection_id>/acknowledge/", detail.reflection_acknowledge, name="reflection-acknowledge"),
]
