from django.urls import path

from apps.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("", views.my_map, name="map"),
    path("people/<uuid:worker_id>/", views.worker_map, name="worker-map"),
    path("competencies/<uuid:competency_id>/link/", views.link_add, name="link-add"),
    path("link/", views.link_record, name="link-record"),
    path("links/<uuid:link_id>/delete/", views.link_delete, name="link-delete"),
]
