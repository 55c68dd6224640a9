from django.urls import path

from apps.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_trail, name="audit-trail"),
    path("who-read-my-entries/", views.my_readers, name="my-readers"),
]
