"""/formations/, included by hub/urls.py. French, stable: the e-mails carry these addresses."""

from django.urls import path

from hub.trainings import manage_views, views

app_name = "trainings"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("module/<int:pk>/", views.module_page, name="module"),
    path("module/<int:pk>/resultats/", manage_views.module_results, name="module_results"),
    path("session/<int:pk>/", views.session_page, name="session"),
    path("session/<int:pk>/presences/", manage_views.attendance, name="attendance"),
    path("session/<int:pk>/resultats/", manage_views.session_results, name="session_results"),
    path("mes-formations/", views.mine, name="mine"),
    path("inscription/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("inscription/<int:pk>/evaluation/<slug:kind>/", views.evaluate, name="evaluate"),
    path("inscription/<int:pk>/attestation.pdf", manage_views.certificate, name="certificate"),
]
