from django.contrib.auth import views as auth_views
from django.urls import include, path

from tests.sso.idp.validator import ReplayingTokenView

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("o/token/", ReplayingTokenView.as_view()),  # before DOT's own: the test-only replay
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
