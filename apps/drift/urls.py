from django.urls import path

from apps.drift import views

app_name = "drift"

urlpatterns = [
    path("", views.mine, name="mine"),
]
