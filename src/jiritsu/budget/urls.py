from django.urls import path

from . import views

urlpatterns = [
    path("cases/<int:pk>", views.overview, name="budget_overview"),
    path("cases/<int:pk>/sheets/new", views.sheet_new, name="budget_sheet_new"),
    path("cases/<int:pk>/sheets/<int:sheet_pk>", views.sheet_print, name="budget_sheet_print"),
    path("cases/<int:pk>/compare", views.compare, name="budget_compare"),
    path("cases/<int:pk>/cash-flows/new", views.cash_flow_new, name="budget_cash_flow_new"),
    path("cases/<int:pk>/cash-flows/<int:flow_pk>", views.cash_flow_print, name="budget_cash_flow_print"),
    path("cases/<int:pk>/plans/new", views.plan_new, name="budget_plan_new"),
    path("cases/<int:pk>/debts/new", views.debt_edit, name="budget_debt_new"),
    path("cases/<int:pk>/debts/<int:debt_pk>", views.debt_edit, name="budget_debt_edit"),
    path("cases/<int:pk>/loan-referral", views.loan_referral, name="budget_loan_referral"),
]
