"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path
from rest_framework.routers import BaseRouter

from apps.reminders.api.views import ReminderStatusView


def register(router: BaseRouter) -> None:
    pass


urlpatterns = [
    path("reminders/status/", ReminderStatusView.as_view(), name="reminder-status"),
]
