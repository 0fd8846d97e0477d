from django.urls import path

from . import views

urlpatterns = [
    path("", views.implementation, name="implementation"),
    path("participation/", views.participation_list, name="participation_list"),
    path("participation/<int:fy>/<str:code>/<str:program>/", views.participation_edit, name="participation_edit"),
    path("cost-share/", views.cost_share, name="cost_share"),
]
