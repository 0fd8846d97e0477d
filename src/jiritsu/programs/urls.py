from django.urls import path

from jiritsu.core.routing import report_view

from . import views, views_agreements

# report_view: the reports read from the replica when one is configured (core.routing).

urlpatterns = [
    path("", report_view(views.implementation), name="implementation"),
    path("participation/", views.participation_list, name="participation_list"),
    path("participation/<int:fy>/<str:code>/<str:program>/", views.participation_edit, name="participation_edit"),
    path("agreements/", views_agreements.agreement_list, name="agreement_list"),
    path("agreements/new/", views_agreements.agreement_edit, name="agreement_new"),
    path("agreements/<int:pk>/", views_agreements.agreement_edit, name="agreement_edit"),
    path("contracts/", views_agreements.contract_list, name="contract_list"),
    path("contracts/new/", views_agreements.contract_edit, name="contract_new"),
    path("contracts/<int:pk>/", views_agreements.contract_edit, name="contract_edit"),
]
