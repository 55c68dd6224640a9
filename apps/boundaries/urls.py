from django.urls import path

from apps.boundaries import views

app_name = "boundaries"

urlpatterns = [
    path("", views.note_list, name="note-list"),
    path("new/", views.note_new, name="note-new"),
    path("<uuid:note_id>/", views.note_detail, name="note-detail"),
    path("<uuid:note_id>/edit/", views.note_edit, name="note-edit"),
    path("<uuid:note_id>/delete/", views.note_delete, name="note-delete"),
    path("<uuid:note_id>/review/", views.note_review, name="note-review"),
    path("<uuid:note_id>/follow-ups/", views.note_follow_up, name="note-follow-up"),
    path("<uuid:note_id>/close/", views.note_close, name="note-close"),
    path("<uuid:note_id>/share/", views.note_share, name="note-share"),
]
