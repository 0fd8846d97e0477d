from django.urls import path

from . import views

urlpatterns = [
    path("", views.application_list, name="housing_list"),
    path("find", views.find_case, name="housing_find"),
    path("apply", views.apply_without_case, name="housing_apply"),
    path("limits", views.limits, name="housing_limits"),
    path("counts", views.counts, name="housing_counts"),
    path("payments.csv", views.payments_csv, name="housing_payments_csv"),
    path("cases/<int:pk>", views.case_page, name="housing_case"),
    path("applications/<int:pk>", views.application_detail, name="housing_application"),
    path("applications/<int:pk>/edit", views.application_edit, name="housing_edit"),
    path("applications/<int:pk>/grant", views.grant, name="housing_grant"),
    path("applications/<int:pk>/refuse", views.refuse, name="housing_refuse"),
    path("applications/<int:pk>/extend", views.extend, name="housing_extend"),
    path("applications/<int:pk>/stop", views.stop, name="housing_stop"),
    path("applications/<int:pk>/job-search", views.job_search, name="housing_job_search"),
    path("applications/<int:pk>/job-search/<int:month_pk>", views.job_search_edit, name="housing_job_search_edit"),
    path("applications/<int:pk>/link", views.link, name="housing_link"),
    path("applications/<int:pk>/notice", views.notice, name="housing_notice"),
]
