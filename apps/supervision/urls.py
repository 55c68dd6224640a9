from django.urls import path

from apps.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.my_supervision, name="my-supervision"),
    path("queue/", views.queue, name="queue"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<uuid:agreement_id>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<uuid:agreement_id>/request/", views.agreement_request, name="agreement-request"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<uuid:session_id>/", views.session_detail, name="session-detail"),
]
