from django.urls import path

from apps.calendar import views

app_name = "calendar"

urlpatterns = [
    path("", views.feed_settings, name="feed"),
    path("<str:secret>.ics", views.feed, name="feed-ics"),
]
