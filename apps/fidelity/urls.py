from django.urls import path

from apps.fidelity import views

app_name = "fidelity"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new_check, name="new"),
    path("shared/", views.shared_with_me, name="shared-with-me"),
    path("organisation/", views.organisation, name="organisation"),
    path("teams/<uuid:team_id>/", views.team, name="team"),
    path("teams/<uuid:team_id>/export.csv", views.team_export, name="team-export"),
    path("<uuid:check_id>/", views.check_detail, name="check-detail"),
    path("<uuid:check_id>/share/", views.check_share, name="check-share"),
]
