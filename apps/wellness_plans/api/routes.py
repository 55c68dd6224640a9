"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.wellness_plans.api.views import (
    MyPlanReadersView,
    MyPlanReviewedView,
    MyPlanVersionsView,
    MyPlanView,
    PlanDetailView,
    SharedPlansView,
)


def register(router) -> None:
    return None


urlpatterns = [
    path("wellness-plans/mine/", MyPlanView.as_view(), name="wellness-plan-mine"),
    path("wellness-plans/mine/readers/", MyPlanReadersView.as_view(), name="wellness-plan-readers"),
    path("wellness-plans/mine/reviewed/", MyPlanReviewedView.as_view(), name="wellness-plan-reviewed"),
    path("wellness-plans/mine/versions/", MyPlanVersionsView.as_view(), name="wellness-plan-versions"),
    path("wellness-plans/shared-with-me/", SharedPlansView.as_view(), name="wellness-plan-shared"),
    path("wellness-plans/<uuid:plan_id>/", PlanDetailView.as_view(), name="wellness-plan-detail"),
]
