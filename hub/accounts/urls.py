"""/compte/: partner accounts. French, stable addresses (they appear in e-mails)."""

from django.urls import path

from hub.accounts import views
from hub.privacy.account_views import my_data

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordSetView.as_view(),
        name="password_set",
    ),
    path("demande/", views.request_account, name="request"),
    path("demande/envoyee/", views.request_sent, name="request_sent"),
    path("mes-donnees/", my_data, name="my_data"),
    path("referent/", views.referent_dashboard, name="referent_dashboard"),
    path("referent/demandes/<int:pk>/", views.decide, name="decide"),
    path(
        "referent/<slug:family_slug>/membres/<int:user_id>/renouveler/",
        views.renew,
        name="renew",
    ),
    path(
        "referent/<slug:family_slug>/membres/<int:user_id>/retirer/",
        views.revoke,
        name="revoke",
    ),
    path("referent/passation/<slug:family_slug>/", views.handover, name="handover"),
]
