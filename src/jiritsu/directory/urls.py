from django.urls import path

from . import development_views, publication_views, views

urlpatterns = [
    path("", views.directory_search, name="directory_search"),
    path("directory.csv", views.directory_csv, name="directory_csv"),
    path("services/<uuid:pk>", views.service_detail, name="directory_service"),
    path("cases/<int:pk>/referrals/", views.case_referrals, name="case_referrals"),
    path("publication", publication_views.publication, name="directory_publication"),
    path("development/", development_views.development_log, name="development_log"),
    path("development/new", development_views.development_edit, name="development_new"),
    path("development/<int:pk>/edit", development_views.development_edit, name="development_edit"),
]
