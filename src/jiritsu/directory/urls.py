from django.urls import path

from . import views

urlpatterns = [
    path("", views.directory_search, name="directory_search"),
    path("services/<uuid:pk>", views.service_detail, name="directory_service"),
    path("cases/<int:pk>/referrals/", views.case_referrals, name="case_referrals"),
]
