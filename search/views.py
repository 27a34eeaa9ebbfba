"""The site search (`/recherche/?q=`) and the search box's suggestions.

Both ask the selected engine (`search.engines.get_engine()`), which filters by tier inside
its query. Results are grouped by kind (guide chapters, directory entries, pages...);
when nothing is found, the page says what to try, and counts the miss for the
partnership's evaluation (one number per day, never the words).
"""

from __future__ import annotations

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from search.engines import get_engine
from search.engines.base import SearchQuery
from search.models import SearchDocument, ZeroResultCount
from search.text import MAX_QUERY_LENGTH, query_terms

PER_PAGE = 20
# Without a kind filter, the first results of each kind.
PER_GROUP = 5
# The order in which kinds are shown: what professionals look for first.
KIND_ORDER = [
    SearchDocument.Kind.CHAPTER,
    SearchDocument.Kind.INSTANCE,
    SearchDocument.Kind.SECTOR,
    SearchDocument.Kind.STRUCTURE,
    SearchDocument.Kind.SERVICE,
    SearchDocument.Kind.PROJECT,
    SearchDocument.Kind.SPACE,
    SearchDocument.Kind.DOCUMENT,
    SearchDocument.Kind.PAGE,
]
KIND_LABELS = dict(SearchDocument.Kind.choices)


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Rechercher"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": gettext_lazy(
                "La recherche est trop longue : %(limit_value)d caractères au plus. "
                "Gardez les mots importants."
            )
        },
    )
    type = forms.MultipleChoiceField(
        label=gettext_lazy("Type"), required=False, choices=SearchDocument.Kind.choices
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)


def _private(response, request):
    # Results depend on who asks: never kept by a shared cache for a logged-in reader.
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response


def _group(hits):
    groups = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return [
        {"kind": kind, "label": KIND_LABELS.get(kind, kind), "hits": hits}
        for kind, hits in sorted(groups.items(), key=lambda item: order.get(item[0], 99))
    ]


def _suggestions(engine, user, text, kinds):
    """When a query finds nothing: each of its words alone, with what it finds."""
    terms = query_terms(text)
    if len(terms) < 2:
        return []
    found = []
    for term in terms:
        total = engine.search(
            user, SearchQuery(text=term, kinds=kinds, per_page=1, facet_names=[])
        ).total
        if total:
            found.append({"text": term, "total": total})
    return found


def site_search(request):
    """Without a kind filter: the first results of each kind, in KIND_ORDER, with a link
    to all of them; with one: that kind's results, page by page."""
    form = SiteSearchForm(request.GET or None)
    context = {"form": form, "query": "", "groups": [], "result": None}
    if form.is_bound and not form.is_valid():
        context["errors"] = form.errors
    elif form.is_bound and form.cleaned_data["q"].strip():
        text = form.cleaned_data["q"].strip()
        kinds = form.cleaned_data["type"]
        engine = get_engine()
        user = request.user
        # The counts per kind, for the tabs (and the total).
        overview = engine.search(user, SearchQuery(text=text, per_page=0, facet_names=["kind"]))
        if not query_terms(text):
            # Only words too common to search on ("le", "de"...).
            overview.total, overview.facets = 0, {}
        order = {kind: index for index, kind in enumerate(KIND_ORDER)}
        counts = sorted(overview.facets.get("kind", []), key=lambda pair: order.get(pair[0], 99))
        page = form.cleaned_data["page"] or 1
        if kinds:
            result = engine.search(
                user,
                SearchQuery(
                    text=text,
                    kinds=kinds,
                    page=page,
                    per_page=PER_PAGE,
                    highlight=True,
                    facet_names=[],
                ),
            )
            groups = _group(result.hits)
            total = result.total
        else:
            result = overview
            groups = []
            for kind, count in counts:
                part = engine.search(
                    user,
                    SearchQuery(
                        text=text, kinds=[kind], per_page=PER_GROUP, highlight=True, facet_names=[]
                    ),
                )
                result.degraded = result.degraded or part.degraded
                groups.append(
                    {
                        "kind": kind,
                        "label": KIND_LABELS.get(kind, kind),
                        "hits": part.hits,
                        "total": count,
                        "more": count > PER_GROUP,
                    }
                )
            total = overview.total
        if overview.total == 0:
            ZeroResultCount.record(timezone.localdate())
        context.update(
            query=text,
            result=result,
            total=total,
            # « plus de 1 000 résultats »: the engine counts up to a bound (issue 19).
            total_is_lower_bound=result.total_is_lower_bound,
            only_stop_words=not query_terms(text),
            groups=groups,
            page_number=page,
            page_count=max(1, -(-total // PER_PAGE)) if kinds else 1,
            selected_kinds=kinds,
            kind_facets=[
                {"value": kind, "label": KIND_LABELS.get(kind, kind), "count": count}
                for kind, count in counts
            ],
            suggestions=[] if overview.total else _suggestions(engine, user, text, kinds),
        )
    response = render(request, "search/search.html", context)
    return _private(response, request)


def suggestions(request):
    """Titles for the search box, as JSON: {"q": ..., "suggestions": [...]}."""
    text = (request.GET.get("q") or "")[:MAX_QUERY_LENGTH]
    titles = []
    if len(text.strip()) >= 2:
        titles = get_engine().autocomplete(request.user, text, limit=8)
    return _private(JsonResponse({"q": text, "suggestions": titles}), request)
