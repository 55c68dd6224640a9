"""This app's part of the API router (see pspteam/api.py)."""

from django.urls import path

from apps.competencies.api.views import (
    AssessmentViewSet,
    AssessorView,
    FrameworkChoiceView,
    FrameworkViewSet,
    OrganisationalStatusViewSet,
    RoleRequirementViewSet,
    TrainingRecordViewSet,
)


def register(router) -> None:
    router.register("competencies/frameworks", FrameworkViewSet, basename="competency-framework")
    router.register("competencies/assessments", AssessmentViewSet, basename="competency-assessment")
    router.register("competencies/role-requirements", RoleRequirementViewSet, basename="role-requirement")
    router.register("competencies/organisational-status", OrganisationalStatusViewSet, basename="organisational-status")
    router.register("training-records", TrainingRecordViewSet, basename="training-record")


urlpatterns = [
    path("competencies/framework-choice/", FrameworkChoiceView.as_view(), name="competency-framework-choice"),
    path("competencies/assessor/", AssessorView.as_view(), name="competency-assessor"),
]
