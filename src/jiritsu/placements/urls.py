from django.urls import path

from . import views

urlpatterns = [
    path("", views.site_list, name="placement_sites"),
    path("counts", views.placement_counts, name="placement_counts"),
    path("sites/new", views.site_edit, name="placement_site_new"),
    path("sites/<int:pk>", views.site_detail, name="placement_site"),
    path("sites/<int:pk>/edit", views.site_edit, name="placement_site_edit"),
    path("sites/<int:site_pk>/tasks/new", views.task_edit, name="placement_task_new"),
    path("tasks/<int:pk>/edit", views.task_edit, name="placement_task_edit"),
    path("sites/<int:site_pk>/visits/new", views.visit_new, name="placement_visit_new"),
]
