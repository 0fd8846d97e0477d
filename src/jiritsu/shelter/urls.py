from django.urls import path

from . import views

urlpatterns = [
    path("", views.grid, name="shelter_grid"),
    path("usage", views.usage, name="shelter_usage"),
    path("cases/<int:pk>/rooms", views.find_rooms, name="shelter_find"),
    path("cases/<int:pk>/rooms/<int:room_pk>/request", views.request_room, name="shelter_request"),
    path("stays/<int:pk>/confirm", views.confirm_stay, name="shelter_confirm"),
    path("stays/<int:pk>", views.stay_detail, name="shelter_stay"),
    path("stays/<int:pk>/extend", views.extend_stay, name="shelter_extend"),
    path("stays/<int:pk>/move-out", views.move_out, name="shelter_move_out"),
    path("stays/<int:pk>/cancel", views.cancel_stay, name="shelter_cancel"),
    path("stays/<int:pk>/food", views.order_food, name="shelter_food"),
    path("stays/<int:pk>/supplies", views.issue_supplies, name="shelter_supplies"),
    path("stays/<int:pk>/visits", views.add_visit, name="shelter_visit_add"),
    path("stays/<int:pk>/visits/<int:visit_pk>/due", views.reschedule_visit, name="shelter_visit_due"),
    path("stays/<int:pk>/visits/<int:visit_pk>/remove", views.remove_visit, name="shelter_visit_remove"),
    path("stays/<int:pk>/visits/record", views.record_visit, name="shelter_visit_record"),
    path("stays/<int:pk>/places", views.link_place, name="shelter_place"),
]
