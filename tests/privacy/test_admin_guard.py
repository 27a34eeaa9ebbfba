"""The privacy guard in the Wagtail admin: a page (rich text, StreamField, inline child)
or a directory snippet carrying a named person's health or an identifier is not saved,
the error is shown where it is, and the editor's text stays in the form."""

import html
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from directory.models import Contact
from hub.demo import sync
from hub.models import (
    HomePage,
    MeetingPage,
    PartnerSpaceIndexPage,
    PartnerSpacePage,
    TerritoryIndexPage,
    TerritoryPage,
)
from hub.models.territories import TerritoryPartner
from tests.directory.helpers import make_contact, make_organisation
from tests.guide.conftest import make_chapter, make_guide

HEALTH = "semble désigner une personne par sa santé ou ses soins"


def page_text(response):
    return html.unescape(response.content.decode())


def stream_state(response, name):
    """The value and the error Wagtail hands to the StreamField's JavaScript."""
    element = BeautifulSoup(response.content.decode(), "html.parser").find(id=name)
    return json.loads(element["data-w-block-arguments-value"])


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def edit_data(client, page, **streams):
    """What the browser sends back for the page's edit form, unchanged; the StreamFields,
    drawn by JavaScript, are given as `streams`."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    data.update(nested_form_data({name: streamfield(items) for name, items in streams.items()}))
    return data


@pytest.fixture
def home():
    home, _ = sync.ensure_page(
        Page.get_first_root_node(), HomePage, "accueil", {"title": "Accueil"}
    )
    return home


@pytest.fixture
def meeting(home):
    index, _ = sync.ensure_page(
        home, PartnerSpaceIndexPage, "espace-partenaires", {"title": "Espaces"}
    )
    space, _ = sync.ensure_page(index, PartnerSpacePage, "commun", {"title": "Espace commun"})
    page, _ = sync.ensure_page(
        space,
        MeetingPage,
        "comite-de-projet",
        {
            "title": "Comité de projet",
            "date": timezone.now(),
            "minutes": "<p>Compte rendu provisoire.</p>",
        },
    )
    return page


def test_meeting_minutes_naming_a_patient_with_a_diagnosis_are_not_saved(admin_client, meeting):
    before = revisions(meeting)
    data = edit_data(admin_client, meeting, body=[], documents=[])
    data["minutes"] = rich_text("<p>Point sur <b>Mme Martin</b>, schizophrène, hospitalisée.</p>")
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    assert response.status_code == 200
    text = page_text(response)
    assert HEALTH in text and "« Mme Martin, schizophrène »" in text
    # The editor's text is still in the form (Draftail's state, in the field's input).
    field = BeautifulSoup(response.content.decode(), "html.parser").find(
        "input", attrs={"name": "minutes"}
    )
    blocks = json.loads(field["value"])["blocks"]
    assert blocks[0]["text"] == "Point sur Mme Martin, schizophrène, hospitalisée."
    assert revisions(meeting) == before
    assert MeetingPage.objects.get(pk=meeting.pk).minutes == "<p>Compte rendu provisoire.</p>"


def test_a_draft_is_guarded_too(admin_client, meeting):
    # A plain « Enregistrer le brouillon » (no publish action) writes a revision too.
    before = revisions(meeting)
    data = edit_data(admin_client, meeting, body=[], documents=[])
    data["agenda"] = rich_text("<p>Situation de M. Dupont, né le 12/03/1975.</p>")
    response = admin_client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    assert "semble contenir une date de naissance" in page_text(response)
    assert revisions(meeting) == before


def test_minutes_about_functions_and_illnesses_are_saved(admin_client, meeting):
    before = revisions(meeting)
    data = edit_data(admin_client, meeting, body=[], documents=[])
    data["minutes"] = rich_text(
        "<p>Mme la Présidente du CLSM ouvre la séance. Le CMP de Metz présente la "
        "schizophrénie et les soins sans consentement. Prochaine réunion le 12/03/2026.</p>"
    )
    response = admin_client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    assert revisions(meeting) == before + 1


def test_a_guide_chapter_block_naming_a_patient_is_flagged_on_its_block(admin_client):
    guide = make_guide(chapters=())
    chapter = make_chapter(guide.part, "maladies", body=[("text", "<p>Texte initial.</p>")])
    before = revisions(chapter)
    data = edit_data(
        admin_client,
        chapter,
        body=[
            ("text", rich_text("<p>La schizophrénie touche 1 % de la population.</p>")),
            ("text", rich_text("<p>Exemple : Kevin, bipolaire, ne paie plus son loyer.</p>")),
        ],
    )
    response = admin_client.post(f"/admin/pages/{chapter.pk}/edit/", data)
    assert response.status_code == 200
    _value, error = stream_state(response, "body")
    assert error["messages"] == [
        "Un bloc de ce contenu est à reformuler : voir le message sur le bloc."
    ]
    # The message sits on the second block (index 1), the one that names Kevin.
    assert list(error["blockErrors"]) == ["1"]
    assert "« Kevin, bipolaire »" in error["blockErrors"]["1"]["messages"][0]
    assert revisions(chapter) == before


def test_an_inline_child_of_a_page_is_guarded(admin_client, home):
    index, _ = sync.ensure_page(home, TerritoryIndexPage, "territoires", {"title": "Territoires"})
    territory, _ = sync.ensure_page(
        index,
        TerritoryPage,
        "metz",
        {
            "title": "Metz",
            "short_name": "Metz",
            "department_code": "57",
            "region": "Grand Est",
            "perimeter": "Metz Métropole",
            "partnership_name": "CLSM de Metz",
        },
    )
    TerritoryPartner.objects.create(page=territory, name="ARELOR Hlm", role="Coordination")
    before = revisions(territory)
    data = edit_data(admin_client, territory, body=[], key_figures=[], documents=[])
    data["partners-0-role"] = "Accompagne Mme Durand, bipolaire"
    response = admin_client.post(f"/admin/pages/{territory.pk}/edit/", data)
    assert response.status_code == 200
    assert "« Mme Durand, bipolaire »" in page_text(response)
    assert revisions(territory) == before
    assert TerritoryPartner.objects.get().role == "Coordination"


# --- Directory snippets -----------------------------------------------------------------------


def snippet_data(form, **changes):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or bound.name == "access_groups":
            continue
        data[bound.name] = value
    data.update(changes)
    return data


def test_a_contact_role_naming_a_patient_is_refused(admin_client):
    contact = make_contact(make_organisation("CMP de Metz"), role="Accueil")
    url = f"/admin/snippets/directory/contact/edit/{contact.pk}/"
    data = snippet_data(admin_client.get(url).context["form"], role="M. Dupont est en HDT")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "« M. Dupont est en HDT »" in page_text(response)
    assert Contact.objects.get(pk=contact.pk).role == "Accueil"


def test_a_structure_description_with_a_social_security_number_is_refused(admin_client):
    organisation = make_organisation("Association de test", description="Accompagnement.")
    url = f"/admin/snippets/directory/organisation/edit/{organisation.pk}/"
    data = snippet_data(
        admin_client.get(url).context["form"],
        description="Dossier de 1 85 05 78 006 084 36 à transmettre.",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "semble contenir un numéro de sécurité sociale" in page_text(response)
    organisation.refresh_from_db()
    assert organisation.description == "Accompagnement."


def test_a_professional_contact_role_is_saved(admin_client):
    contact = make_contact(make_organisation("CMP de Metz"), role="Accueil")
    url = f"/admin/snippets/directory/contact/edit/{contact.pk}/"
    data = snippet_data(admin_client.get(url).context["form"], role="Cadre de santé, CMP")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).role == "Cadre de santé, CMP"
