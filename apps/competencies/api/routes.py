"""This app's part of the API router (see pspteam/api.py)."""

from apps.competencies.api.views import (
    AssessmentViewSet,
    FrameworkViewSet,
    RoleRequirementViewSet,
    TrainingRecordViewSet,
)


def register(router) -> None:
    router.register("competencies/frameworks", FrameworkViewSet, basename="competency-framework")
    router.register("competencies/assessments", AssessmentViewSet, basename="competency-assessment")
    router.register("competencies/role-requirements", RoleRequirementViewSet, basename="role-requirement")
    router.register("training-records", TrainingRecordViewSet, basename="training-record")


urlpatterns = []
