from django.urls import path

from . import second_factor_views, views

urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/reactivate/", views.staff_reactivate, name="staff_reactivate"),
    path("staff/<int:pk>/password/", views.staff_reset_password, name="staff_reset_password"),
    path("staff/<int:pk>/two-factor/reset/", second_factor_views.staff_reset_second_factor,
         name="staff_reset_second_factor"),
    path("password/", views.password_change, name="password_change"),
]
