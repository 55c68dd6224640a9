from django.urls import path

from apps.wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.home, name="home"),
    path("step-away/", views.step_away, name="step-away"),
    path("return/", views.come_back, name="return"),
    path("<uuid:check_in_id>/share/", views.check_in_share, name="check-in-share"),
    path("shared/", views.shared_with_me, name="shared-with-me"),
    path("<uuid:check_in_id>/support/", views.check_in_support, name="check-in-support"),
    path("support/", views.support, name="support"),
    path("support/contacts/", views.support_contacts_settings, name="support-contacts"),
    path("support/contacts/<uuid:contact_id>/", views.support_contact_edit, name="support-contact-edit"),
    path("support/contacts/<uuid:contact_id>/delete/", views.support_contact_delete, name="support-contact-delete"),
]
