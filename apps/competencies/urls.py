from django.urls import path

from apps.competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.my_progress, name="my-progress"),
    path("assess/<uuid:competency_id>/", views.assess, name="assess"),
    path("people/", views.people, name="people"),
    path("people/<uuid:worker_id>/", views.worker_progress, name="worker-progress"),
    path("sign-off/", views.sign_off_queue, name="sign-off-queue"),
    path("assessments/<uuid:assessment_id>/sign-off/", views.sign_off, name="sign-off"),
    path("training/", views.training_list, name="training-list"),
    path("training/<uuid:record_id>/edit/", views.training_edit, name="training-edit"),
    path("training/<uuid:record_id>/delete/", views.training_delete, name="training-delete"),
    path("training/<uuid:record_id>/certificate/", views.training_certificate, name="training-certificate"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("assessor/", views.assessor, name="assessor"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/teams/<uuid:team_id>/", views.organisation, name="organisation-team"),
    path("roles/<uuid:role_definition_id>/", views.role_requirements, name="role-requirements"),
]
