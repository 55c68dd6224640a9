from django.urls import path

from apps.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminders_admin, name="admin"),
    path("scan/", views.reminders_scan_now, name="scan-now"),
]
