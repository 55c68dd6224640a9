from django.urls import path

from apps.wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.home, name="home"),
    path("step-away/", views.step_away, name="step-away"),
    path("return/", views.come_back, name="return"),
    path("<uuid:check_in_id>/share/", views.check_in_share, name="check-in-share"),
    path("shared/", views.shared_with_me, name="shared-with-me"),
]
