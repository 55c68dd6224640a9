from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.my_day, name="my-day"),
]
