"""/guide/en-cas-de-crise/: the « En cas de crise » decision path for a landlord agent
facing a tenant in difficulty (issue 5).

`guide.crisis.decide` reads the step from the URL; this view resolves the place with
`directory.who_covers.who_covers` (every list and contact line through `hub.access`) and
renders one step. Each step is a GET URL, so the path works without JavaScript, the back
button works and a step can be bookmarked.

Nothing about the person concerned is asked, and nothing is kept: no model row, no
session key, no log line of our own (the commune typed shows only in the web server's
access log, as any URL does). A logged-in reader's page is never stored by a cache.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from directory.models import CoordinationInstance, OrganisationKind
from directory.who_covers import Status, who_covers
from guide.crisis import (
    NEEDS_PLACE,
    Decision,
    Situation,
    Step,
    danger_choices,
    decide,
    generic_steps,
    previous_query,
    procedure_for,
    situation_choices,
    step_query,
    step_title,
)
from hub.access import can_view_page, visible_pages

# Where a refusal of care is worked on: the coordination instances proper.
COORDINATION_KINDS = {
    CoordinationInstance.Kind.CLSM,
    CoordinationInstance.Kind.CELL,
    CoordinationInstance.Kind.RSML,
}
# Who can support a person who refuses care, on the social side.
SUPPORT_KINDS = {
    OrganisationKind.ASSOCIATION,
    OrganisationKind.HOUSING_OPERATOR,
    OrganisationKind.USERS_FAMILIES,
    OrganisationKind.GEM,
}
# Slugs of the guide chapters worth linking from the path, the most specific first.
CHAPTER_HINTS = ("signalement", "procedure", "crise")


@require_safe
def crisis_path(request, *args, **kwargs):
    decision = decide(request.GET)
    base = reverse("crisis_path")
    if decision.redirect:
        return _no_store(request, HttpResponseRedirect(base + decision.redirect))

    result = None
    if decision.step in NEEDS_PLACE:
        result = who_covers(decision.place, request.user)
        if not result.found:
            # Not found, ambiguous, or a city that needs its arrondissement: back to the
            # place question, with the message and the places to choose from.
            choose = result.status in (Status.AMBIGUOUS, Status.NEEDS_ARRONDISSEMENT)
            decision = Decision(
                Step.LIEU,
                place=decision.place,
                error="" if choose else result.message,
                notice=result.message if choose else "",
            )
        elif decision.place != result.communes[0].query_value:
            # "Metz" or "57000": go on with the INSEE code, the URL a bookmark should keep
            # ("Berre-l'Étang (13014)" when that code is also a postcode: it stays exact).
            params = {"lieu": result.communes[0].query_value, "situation": decision.situation}
            return _no_store(
                request, HttpResponseRedirect(base + step_query(decision.step, **params))
            )

    place_code = result.communes[0].query_value if result is not None and result.found else ""
    previous = previous_query(decision, place_code)
    context = {
        "decision": decision,
        "step": decision.step,
        "step_title": step_title(decision.step),
        "previous_url": base + previous if previous else "",
        "base_url": base,
        "restart_url": base,
        "danger_choices": danger_choices(),
        "situation_choices": situation_choices(),
        "result": result,
        "who_covers_url": reverse("directory:who_covers"),
        "directory_url": reverse("directory:search"),
        "chapters": [],
        "procedure": None,
        "territory_page": None,
        "generic_steps": [],
    }
    if place_code:
        query = "?" + urlencode({"lieu": place_code})
        context["who_covers_url"] += query
        context["directory_url"] += query
        context["commune"] = result.communes[0]
    elif decision.place:
        context["who_covers_url"] += "?" + urlencode({"lieu": decision.place})
    if result is not None and result.status in (Status.AMBIGUOUS, Status.NEEDS_ARRONDISSEMENT):
        # Each choice designates its commune exactly: following it never asks again.
        context["choices"] = [
            {"choice": choice, "url": base + step_query(Step.SITUATION, lieu=choice.value)}
            for choice in result.choices
        ]
    if decision.step in (Step.SOINS, Step.COORDINATION):
        _result_context(context, decision, result, request)
    if decision.step in (Step.URGENCE, Step.SOINS, Step.COORDINATION):
        context["chapters"] = procedure_chapters(request)

    response = render(request, "guide/crisis.html", context)
    return _no_store(request, response)


def _result_context(context, decision, result, request):
    commune = result.communes[0]
    territories = territory_pages(request.user, commune)
    # The seeded perimeter first (the DLAI's three arrondissements), then the territory.
    context["procedure"] = procedure_for([page.slug for page in territories], commune.code)
    if context["procedure"] is not None:
        context["territory_page"] = next(
            (page for page in territories if page.slug == context["procedure"].territory), None
        )
    context["generic_steps"] = generic_steps(decision.step)
    context["situation_label"] = dict(situation_choices()).get(decision.situation, "")
    context["accepts"] = decision.situation == Situation.ACCEPTS
    if decision.step == Step.COORDINATION:
        instances = result.instances
        context["coordination"] = [e for e in instances if e.item.kind in COORDINATION_KINDS]
        context["case_review"] = [
            e for e in instances if e.item.kind == CoordinationInstance.Kind.CASE_REVIEW
        ]
        listed = COORDINATION_KINDS | {CoordinationInstance.Kind.CASE_REVIEW}
        context["other_instances"] = [e for e in instances if e.item.kind not in listed]
        context["support"] = [
            entry
            for entry in (*result.housing_operators, *result.partners)
            if entry.item.kind in SUPPORT_KINDS
        ]
        # For a refusal, the way back to care stays one link away.
        context["care_url"] = context["base_url"] + step_query(
            Step.SOINS, lieu=commune.query_value, situation=""
        )
    else:
        context["refusal_url"] = context["base_url"] + step_query(
            Step.COORDINATION, lieu=commune.query_value, situation=Situation.REFUSES
        )


def territory_pages(user, commune):
    """The partnership territories (TerritoryPage) whose perimeter holds this place."""
    from hub.models import TerritoryPage

    codes = {commune.code} | ({commune.parent.code} if commune.parent_id else set())
    condition = Q()
    for code in codes:
        condition |= Q(commune_codes__contains=code)
    pages = visible_pages(user, TerritoryPage.objects.live().filter(condition))
    # `contains` is a substring test: keep only the exact codes of the perimeter.
    return [page for page in pages if codes & set(page.commune_codes.split())]


def chapter_model():
    """The guide's chapter page model, or None while the guide has none."""
    try:
        return apps.get_model("guide", "GuideChapterPage")
    except LookupError:
        return None


def procedure_chapters(request):
    """The guide's procedure chapters this reader may see, if the guide has them yet.

    The guide pages are built apart from this path (issue 5): a missing model, table or
    field means "no chapter to link", never an error page."""
    model = chapter_model()
    if model is None:
        return []
    condition = Q()
    for hint in CHAPTER_HINTS:
        condition |= Q(slug__icontains=hint)
    try:
        with transaction.atomic():
            pages = list(visible_pages(request.user, model.objects.live().filter(condition))[:5])
    except (DatabaseError, FieldError, AttributeError):
        return []
    pages = [page for page in pages if can_view_page(request.user, page)]

    def rank(page):
        return next(i for i, hint in enumerate(CHAPTER_HINTS) if hint in page.slug)

    chapters = []
    for page in sorted(pages, key=rank):
        url = page.get_url(request)
        if url:
            chapters.append({"title": page.title, "url": url})
    return chapters


def _no_store(request, response):
    # A logged-in reader may see partner-only lines: no cache may keep the page. (The
    # accreditation middleware says so too; saying it here keeps the promise local.)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response
