"""The directory's part of sitemap.xml: the entries an anonymous visitor may see.

Read from the search documents (the source of truth, whatever the engine), through the
same tier filter as the search (`search.engines.database.visible` for an anonymous user),
and kept to the `public` tier: a restricted entry is never named to a crawler. Services
are left out: they live on their structure's page (`#service-<pk>`), which is listed.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from hub.access import Tier
from search.engines.database import visible
from search.models import SearchDocument

ENTRY_KINDS = [
    SearchDocument.Kind.STRUCTURE,
    SearchDocument.Kind.INSTANCE,
    SearchDocument.Kind.SECTOR,
]


class DirectorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            visible(AnonymousUser())
            .filter(access_tier=Tier.PUBLIC, kind__in=ENTRY_KINDS)
            .exclude(url="")
            .only("url", "verified_on")
            .order_by("kind", "title", "pk")
        )

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.verified_on
