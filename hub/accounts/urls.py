"""/compte/: partner accounts. French, stable addresses (they appear in e-mails)."""

from django.urls import path

from hub.accounts import coordination_views, views
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
    # Coordinators of coordination instances (issue 17).
    path("instance/", coordination_views.coordinator_home, name="coordinator_home"),
    path(
        "instance/<slug:instance_slug>/",
        coordination_views.instance_dashboard,
        name="instance_dashboard",
    ),
    path(
        "instance/<slug:instance_slug>/membres/<int:user_id>/echeance/",
        coordination_views.set_expiry,
        name="instance_expiry",
    ),
    path(
        "instance/<slug:instance_slug>/membres/<int:user_id>/retirer/",
        coordination_views.remove_member,
        name="instance_remove",
    ),
    path(
        "instance/<slug:instance_slug>/passation/",
        coordination_views.instance_handover,
        name="instance_handover",
    ),
    # Working groups reserved to their members, run by the space's managers.
    path(
        "groupes-de-travail/<int:page_id>/",
        coordination_views.working_group,
        name="working_group",
    ),
    path(
        "groupes-de-travail/<int:page_id>/membres/<int:user_id>/retirer/",
        coordination_views.working_group_remove,
        name="working_group_remove",
    ),
]
