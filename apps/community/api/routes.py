"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.community.api import views


def register(router) -> None:
    """No viewsets: the community's endpoints are plain views (below)."""


urlpatterns = [
    path("community/threads/", views.ThreadListView.as_view(), name="community-thread-list"),
    path("community/threads/<uuid:thread_id>/", views.ThreadDetailView.as_view(), name="community-thread-detail"),
    path("community/threads/<uuid:thread_id>/posts/", views.ThreadPostsView.as_view(), name="community-thread-posts"),
    path("community/posts/<uuid:post_id>/", views.PostDetailView.as_view(), name="community-post-detail"),
    path("community/posts/<uuid:post_id>/hide/", views.PostHideView.as_view(), name="community-post-hide"),
    path("community/posts/<uuid:post_id>/restore/", views.PostRestoreView.as_view(), name="community-post-restore"),
    path("community/preferences/", views.PreferenceView.as_view(), name="community-preferences"),
    path("community/moderators/", views.ModeratorListView.as_view(), name="community-moderators"),
    path(
        "community/moderators/<uuid:moderator_id>/",
        views.ModeratorDetailView.as_view(),
        name="community-moderator-detail",
    ),
]
