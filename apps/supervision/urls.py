from django.urls import path
from django.views.generic import RedirectView

from apps.supervision import planned_views, views

app_name = "supervision"

urlpatterns = [
    # "mine/" rather than "" so that the header does not mark "My supervision" current on every
    # page under /supervision/ (the nav marks a link current when the path starts with it).
    path("", RedirectView.as_view(pattern_name="supervision:my-supervision"), name="home"),
    path("mine/", views.my_supervision, name="my-supervision"),
    path("queue/", views.queue, name="queue"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<uuid:agreement_id>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<uuid:agreement_id>/request/", views.agreement_request, name="agreement-request"),
    path(
        "agreements/<uuid:agreement_id>/request/handled/",
        views.agreement_request_handled,
        name="agreement-request-handled",
    ),
    path("agreements/<uuid:agreement_id>/accept/", views.agreement_accept, name="agreement-accept"),
    path("agreements/<uuid:agreement_id>/decline/", views.agreement_decline, name="agreement-decline"),
    path("agreements/<uuid:agreement_id>/end/", views.agreement_end, name="agreement-end"),
    path("planned/new/", planned_views.planned_new, name="planned-new"),
    path("planned/<uuid:planned_id>/", planned_views.planned_detail, name="planned-detail"),
    path("planned/<uuid:planned_id>/cancel/", planned_views.planned_cancel, name="planned-cancel"),
    path("planned/<uuid:planned_id>/held/", planned_views.planned_held, name="planned-held"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<uuid:session_id>/", views.session_detail, name="session-detail"),
]
