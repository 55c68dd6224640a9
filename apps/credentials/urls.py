from django.urls import path

from apps.credentials import views

app_name = "credentials"

urlpatterns = [
    path("hours/", views.my_hours, name="my-hours"),
    path("hours/profiles/", views.choose_profiles, name="choose-profiles"),
    path("hours/log/<str:entry_id>/", views.entry_edit, name="entry-edit"),
    path("hours/log/<str:entry_id>/delete/", views.entry_delete, name="entry-delete"),
]
