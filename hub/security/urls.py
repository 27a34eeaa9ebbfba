"""Second-factor pages, included by hub/urls.py under `compte/`."""

from django.urls import path

from hub.security import views

app_name = "security"

urlpatterns = [
    path("2fa/verification/", views.VerifyView.as_view(), name="verify"),
    path("2fa/configuration/", views.SetupView.as_view(), name="setup"),
    path("2fa/codes-de-secours/", views.BackupCodesView.as_view(), name="backup_codes"),
]
