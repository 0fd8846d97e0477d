from django.urls import path

from . import views

urlpatterns = [
    path("", views.grid, name="shelter_grid"),
    path("cases/<int:pk>/rooms", views.find_rooms, name="shelter_find"),
    path("cases/<int:pk>/rooms/<int:room_pk>/request", views.request_room, name="shelter_request"),
    path("stays/<int:pk>/confirm", views.confirm_stay, name="shelter_confirm"),
    path("stays/<int:pk>", views.stay_detail, name="shelter_stay"),
    path("stays/<int:pk>/extend", views.extend_stay, name="shelter_extend"),
    path("stays/<int:pk>/move-out", views.move_out, name="shelter_move_out"),
    path("stays/<int:pk>/cancel", views.cancel_stay, name="shelter_cancel"),
]
