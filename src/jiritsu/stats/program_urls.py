"""The program reports that read cases (stats.views_programs), at the addresses under programs/ they always had."""
from django.urls import path

from jiritsu.core.routing import report_view

from . import views_programs

# report_view: the reports read from the replica when one is configured (core.routing).

urlpatterns = [
    path("cost-share/", report_view(views_programs.cost_share), name="cost_share"),
    path("demand/", report_view(views_programs.demand_page), name="program_demand"),
    path("results/", report_view(views_programs.results_page), name="program_results"),
]
