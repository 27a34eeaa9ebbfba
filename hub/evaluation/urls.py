"""/evaluation/: the partners' dashboard, the public summary and their CSV files."""

from django.urls import path

from hub.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.dashboard, name="dashboard"),
    path("evaluation/synthese/", views.summary, name="summary"),
    path("evaluation/synthese/<slug:key>.csv", views.summary_csv, name="summary_csv"),
    path("evaluation/<slug:key>.csv", views.dashboard_csv, name="csv"),
]
