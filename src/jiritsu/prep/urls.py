from django.urls import path

from . import views

urlpatterns = [
    path("", views.menu, name="prep_menu"),
    path("sessions/<int:pk>", views.session_detail, name="prep_session"),
    path("sessions/<int:pk>/edit", views.session_edit, name="prep_session_edit"),
    path("sessions/<int:pk>/book", views.session_book, name="prep_session_book"),
    path("sessions/<int:pk>/attendance", views.session_attendance, name="prep_attendance"),
    path("cases/<int:pk>", views.case_page, name="prep_case"),
    path("cases/<int:pk>/start", views.start, name="prep_start"),
    path("cases/<int:pk>/evaluate", views.evaluate, name="prep_evaluate"),
    path("cases/<int:pk>/extend", views.extend, name="prep_extend"),
    path("cases/<int:pk>/end", views.end, name="prep_end"),
]
