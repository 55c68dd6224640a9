from django.urls import path

from apps.sso import views

app_name = "sso"

urlpatterns = [
    path("", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("link/", views.link, name="link"),
    path("link/finish/", views.link_finish, name="link-finish"),
    path("settings/", views.settings_page, name="settings"),
]
