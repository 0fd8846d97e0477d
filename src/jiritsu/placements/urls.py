from django.urls import path

from . import views, views_matching, views_tours

urlpatterns = [
    path("", views.site_list, name="placement_sites"),
    path("counts", views.placement_counts, name="placement_counts"),
    path("sites/new", views.site_edit, name="placement_site_new"),
    path("sites/<int:pk>", views.site_detail, name="placement_site"),
    path("sites/<int:pk>/edit", views.site_edit, name="placement_site_edit"),
    path("sites/<int:site_pk>/tasks/new", views.task_edit, name="placement_task_new"),
    path("tasks/<int:pk>/edit", views.task_edit, name="placement_task_edit"),
    path("sites/<int:site_pk>/visits/new", views.visit_new, name="placement_visit_new"),
    path("matching", views_matching.matching_home, name="placement_matching"),
    path("profiles/case/<int:case_pk>", views_matching.profile_edit, name="placement_profile"),
    path("matches/<int:pk>", views_matching.match_page, name="placement_match"),
    path("matches/<int:pk>/confirm", views_matching.match_confirm, name="placement_match_confirm"),
    path("matches/<int:pk>/decline", views_matching.match_decline, name="placement_match_decline"),
    path("matches/<int:pk>/withdraw", views_matching.match_withdraw, name="placement_match_withdraw"),
    path("matches/<int:pk>/first-use", views_matching.first_use_schedule, name="placement_first_use"),
    path("matches/<int:pk>/first-use/outcome", views_matching.first_use_outcome, name="placement_first_use_outcome"),
    path("matches/<int:pk>/follow-up", views_matching.follow_up, name="placement_follow_up"),
    path("tours", views_tours.tour_list, name="placement_tours"),
    path("tours/new", views_tours.tour_new, name="placement_tour_new"),
    path("tours/<int:pk>", views_tours.tour_detail, name="placement_tour"),
    path("tours/<int:pk>/register", views_tours.tour_register, name="placement_tour_register"),
    path("tours/<int:pk>/cancel", views_tours.tour_cancel, name="placement_tour_cancel"),
    path("tours/<int:pk>/attendance", views_tours.tour_attendance, name="placement_tour_attendance"),
]
