"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.competencies.api.views import (
    AssessmentViewSet,
    FrameworkChoiceView,
    FrameworkViewSet,
    RoleRequirementViewSet,
    TrainingRecordViewSet,
)


def register(router) -> None:
    router.register("competencies/frameworks", FrameworkViewSet, basename="competency-framework")
    router.register("competencies/assessments", AssessmentViewSet, basename="competency-assessment")
    router.register("competencies/role-requirements", RoleRequirementViewSet, basename="role-requirement")
    router.register("training-records", TrainingRecordViewSet, basename="training-record")


urlpatterns = [
    path("competencies/framework-choice/", FrameworkChoiceView.as_view(), name="competency-framework-choice"),
]
