"""The right of access (issue 15): Solène Vernadet has data in every place the hub keeps
people, and so does Octave Canarien, a canary planted in the same tables (he is even the
referent who decided her request, and she edited his contact). Her download holds all of
hers and nothing of his, nor of the administrator who acted on her account."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from directory.models import ErrorReport
from hub.accounts import services
from hub.accounts.models import PartnerFamily
from hub.security.testing import force_login_with_second_factor
from tests.accounts import BAILLEURS, family, make_user
from tests.directory.helpers import make_contact, make_organisation

EMAIL = "solene.vernadet@bailleur.example.org"
CANARY_EMAIL = "octave.canarien@psy.example.org"
CANARY_IP = "198.51.100.99"
MY_DATA = "/compte/mes-donnees/"
ADMIN_EXPORT = "/admin/donnees-personne/"


def plant_login_logs(username, ip):
    for model, extra in (
        (AccessLog, {}),
        (AccessFailureLog, {"locked_out": True}),
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 3}),
    ):
        model.objects.create(
            username=username,
            ip_address=ip,
            user_agent=f"Navigateur de {ip}",
            http_accept="*/*",
            path_info="/compte/connexion/",
            **extra,
        )


def plant_report(structure, email, message):
    return ErrorReport.objects.create(
        content_type=ContentType.objects.get_for_model(structure),
        object_id=structure.pk,
        entry_label=structure.name,
        topic=ErrorReport.Topic.PHONE,
        message=message,
        reporter_email=email,
    )


def submit(first, last, email, organisation, motivation):
    return services.submit_request(
        first_name=first,
        last_name=last,
        email=email,
        organisation=organisation,
        job_role="Chargée de mission",
        family=family(BAILLEURS),
        motivation=motivation,
    ).value


@pytest.fixture
def world(db):
    admin = make_user("admin.hub", superuser=True)
    # The canary: an account (approved by the administrator), referent of the family.
    canary = services.approve_request(
        submit("Octave", "Canarien", CANARY_EMAIL, "Hôpital Canarien", "Motif canari."),
        actor=admin,
    ).value
    PartnerFamily.objects.filter(slug=BAILLEURS).update(referent=canary)
    # Her first request is refused by the canary, her second approved by him.
    first = submit("Solène", "Vernadet", EMAIL, "Logirem Sud", "Premier motif de Solène.")
    services.refuse_request(
        first, actor=canary, reason="Adresse de service attendue, merci de redemander."
    )
    second = submit("Solène", "Vernadet", EMAIL, "Logirem", "Accéder aux procédures de maintien.")
    user = services.approve_request(second, actor=canary).value
    # He hands the referent role over to her (the journal's detail names him), then she
    # withdraws his access (an event she made about him).
    services.hand_over(family(BAILLEURS), new_referent=user, actor=canary)
    services.revoke_membership(canary, family=family(BAILLEURS), actor=user)
    device = TOTPDevice.objects.create(user=user, name="Téléphone de Solène", confirmed=True)

    structure = make_organisation("CMP des Pentes", slug="cmp-des-pentes")
    mine = make_contact(structure, role="Coordination logement", email=EMAIL, phone="0400000041")
    his = make_contact(structure, role="Octave Canarien", email=CANARY_EMAIL, phone="0400000099")
    log(instance=structure, action="wagtail.edit", user=user)  # by her: shown
    log(instance=his, action="wagtail.edit", user=user)  # by her, on his contact: no label
    log(instance=user, action="wagtail.edit", user=admin)  # about her, by the administrator
    log(instance=structure, action="wagtail.edit", user=canary)  # his: left out
    plant_login_logs(user.get_username(), "192.0.2.7")
    plant_login_logs(canary.get_username(), CANARY_IP)
    plant_report(structure, EMAIL, "Le standard du CMP a changé de numéro.")
    plant_report(structure, CANARY_EMAIL, "Message canari d'Octave Canarien.")
    return {"user": user, "admin": admin, "canary": canary, "device": device, "contact": mine}


def download(client):
    response = client.get(MY_DATA, {"format": "json"})
    assert response.status_code == 200
    return response, json.loads(response.content)


def assert_nothing_about_others(response):
    text = response.content.decode().lower()
    for canary in ("canarien", "octave", CANARY_EMAIL, CANARY_IP, "motif canari", "admin.hub"):
        assert canary.lower() not in text, canary


def test_a_person_downloads_everything_the_hub_keeps_about_her(client, world):
    client.force_login(world["user"])
    response, data = download(client)

    (account,) = data["comptes"]
    assert account["adresse_electronique"] == EMAIL
    assert (account["prenom"], account["nom"]) == ("Solène", "Vernadet")
    assert account["inscrit_le"] and account["derniere_connexion"]
    assert account["profil"]["organisation"] == "Logirem"
    assert {"nom": family(BAILLEURS).group.name, "type": "famille de partenaires"} in account[
        "groupes"
    ]
    assert any("référent de la famille" in role for role in account["roles"])
    assert account["second_facteur"][0]["nom"] == "Téléphone de Solène"
    assert world["device"].key not in response.content.decode()

    requests = data["demandes_de_compte"]
    assert [r["statut"] for r in requests] == ["refusée", "acceptée"]
    assert requests[0]["motif_de_la_decision"].startswith("Adresse de service attendue")
    assert requests[0]["organisation"] == "Logirem Sud"
    assert requests[1]["motif_de_la_demande"] == "Accéder aux procédures de maintien."
    assert all(r["recue_le"] for r in requests) and requests[0]["decidee_le"]

    journal = {row["action"]: row for row in data["journal_des_accreditations"]}
    assert {"demande reçue", "demande refusée", "demande acceptée"} <= set(journal)
    assert journal["demande acceptée"]["auteur"].startswith("une autre personne")
    handover = journal["rôle de référent transmis"]
    assert handover["detail"] is None and handover["votre_role"] == ["personne concernée"]
    revoked = journal["accès retiré"]
    assert revoked["auteur"] == "vous" and revoked["detail"] is None

    changes = data["journal_des_modifications"]
    labels = {(row["objet"], row["auteur"]) for row in changes}
    assert ("CMP des Pentes", "vous") in labels
    assert any(row["objet"].startswith("contact n°") and row["auteur"] == "vous" for row in changes)
    assert any(row["auteur"] == "une autre personne" for row in changes)
    assert len(changes) == 3

    logs = data["journaux_de_connexion"]
    # The planted login, and the one the test client has just made.
    assert "192.0.2.7" in [row["adresse_ip"] for row in logs["connexions"]]
    assert logs["echecs"][0]["compte_bloque"] is True
    assert logs["compteurs_de_blocage"][0]["echecs"] == 3

    (report,) = data["signalements_d_erreur"]
    assert report["message"] == "Le standard du CMP a changé de numéro."
    assert report["fiche"] == "CMP des Pentes"

    (contact,) = data["contacts_de_l_annuaire"]
    assert (contact["role"], contact["telephone"]) == ("Coordination logement", "0400000041")

    assert_nothing_about_others(response)


def test_the_download_is_a_private_json_attachment(client, world):
    client.force_login(world["user"])
    response, _data = download(client)
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="mes-donnees-maillage-{today}.json"'
    )
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_page_explains_the_download_and_is_linked_from_the_account_menu(client, world):
    client.force_login(world["user"])
    page = client.get(MY_DATA).content.decode()
    assert "Télécharger mes données (JSON)" in page
    assert "Ce que contient le fichier" in page
    assert f'href="{MY_DATA}"' in client.get("/donnees-personnelles/").content.decode()
    assert f'href="{MY_DATA}"' in page  # the header's account menu, on every page


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world):
    for query in ({}, {"format": "json"}):
        response = client.get(MY_DATA, query)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/?next=/compte/mes-donnees/")


def test_the_canary_gets_only_his_own_data(client, world):
    canary = world["canary"]
    # She withdrew his access (his account was deactivated): reopened for this test.
    canary.is_active = True
    canary.save()
    canary.groups.add(family(BAILLEURS).group)
    client.force_login(canary)
    response, data = download(client)
    text = response.content.decode().lower()
    assert CANARY_EMAIL in text and "vernadet" not in text
    assert EMAIL not in text and "192.0.2.7" not in text and "solène" not in text


def test_an_administrator_exports_a_person_asked_for_by_email(client, world):
    force_login_with_second_factor(client, world["admin"])
    page = client.get(ADMIN_EXPORT, {"email": EMAIL.upper()})
    assert page.status_code == 200
    assert "Télécharger ses données (JSON)" in page.content.decode()
    response = client.get(ADMIN_EXPORT, {"email": EMAIL, "format": "json"})
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-maillage-')
    data = json.loads(response.content)
    assert [account["adresse_electronique"] for account in data["comptes"]] == [EMAIL]
    assert len(data["demandes_de_compte"]) == 2 and len(data["signalements_d_erreur"]) == 1
    # The administrator's own edit of her account shows as « une autre personne ».
    assert "une autre personne" in {row["auteur"] for row in data["journal_des_modifications"]}
    assert_nothing_about_others(response)


def test_an_unknown_address_is_answered_in_one_french_line(client, world):
    force_login_with_second_factor(client, world["admin"])
    response = client.get(ADMIN_EXPORT, {"email": "personne.inconnue@example.org"})
    assert response.status_code == 200
    assert (
        "Personne introuvable : rien n&#x27;est conservé pour « personne.inconnue@example.org »."
        in (response.content.decode())
    )
    assert "Télécharger ses données" not in response.content.decode()
    json_asked = client.get(
        ADMIN_EXPORT, {"email": "personne.inconnue@example.org", "format": "json"}
    )
    assert json_asked["Content-Type"].startswith("text/html")


def test_only_administrators_use_the_admin_export(client, world):
    # A referent who may open the admin, second factor verified: not this page.
    referent = world["user"]
    referent.user_permissions.add(Permission.objects.get(codename="access_admin"))
    force_login_with_second_factor(client, referent)
    assert client.get("/admin/").status_code == 200
    response = client.get(ADMIN_EXPORT, {"email": CANARY_EMAIL, "format": "json"})
    # Wagtail answers a refusal by sending back to the admin's home, with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert response.get("Content-Type", "").startswith("text/html")
    assert "canarien" not in response.content.decode().lower()
    client.logout()
    anonymous = client.get(ADMIN_EXPORT, {"email": EMAIL, "format": "json"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    # An administrator without the second factor of this session is sent to it first.
    client.force_login(world["admin"])
    unverified = client.get(ADMIN_EXPORT, {"email": EMAIL, "format": "json"})
    assert unverified.status_code == 302 and "/compte/2fa/" in unverified["Location"]


def test_the_page_and_the_guard_speak_english_to_an_english_browser(client, world):
    # The locale middleware leaves English active in this thread: put French back after.
    with translation.override("fr"):
        client.force_login(world["user"])
        page = client.get(MY_DATA, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Download my data (JSON)" in page and "What the file contains" in page
        notice = client.get("/donnees-personnelles/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "What the hub never keeps" in notice and ">My data</a>" in notice
        structure = make_organisation("CMP du Plateau", slug="cmp-du-plateau")
        refused = client.post(
            f"/annuaire/{structure.slug}/signaler/",
            {"topic": "autre", "message": "Mme Martin, schizophrène, ne répond plus"},
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()
        assert "seems to identify a person by their health or their care" in refused
