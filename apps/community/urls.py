from django.urls import path

from apps.community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.thread_new, name="thread-new"),
    path("share/", views.share_reflection, name="share-reflection"),
    path("settings/", views.digest_settings, name="settings"),
    path("moderators/", views.moderators, name="moderators"),
    path("moderators/<uuid:moderator_id>/remove/", views.moderator_remove, name="moderator-remove"),
    path("threads/<uuid:thread_id>/", views.thread_detail, name="thread-detail"),
    path("threads/<uuid:thread_id>/export.csv", views.thread_export, name="thread-export"),
    path("posts/<uuid:post_id>/", views.post_detail, name="post-detail"),
    path("posts/<uuid:post_id>/hide/", views.post_hide, name="post-hide"),
    path("posts/<uuid:post_id>/restore/", views.post_restore, name="post-restore"),
    path("posts/<uuid:post_id>/withdraw/", views.post_withdraw, name="post-withdraw"),
]
