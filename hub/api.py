"""Wagtail's pages API (/api/v2/pages/), filtered by the hub's access policy.

Only the pages endpoint is mounted: Wagtail's documents endpoint lists every document,
private collections included (a 2026 advisory), and images are always public. The base
queryset comes from `hub.access.visible_pages`, so list, detail, `search=`, `child_of=`
and `descendant_of=` all work inside what the requester may see.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page

from hub.access import visible_pages


class TieredPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        queryset = visible_pages(self.request.user, Page.objects.live())
        try:
            site = SiteFilterValidator(
                site=self.request.GET.get("site"), request=self.request
            ).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if site is None:
            return queryset.none()
        queryset = queryset.descendant_of(site.root_page, inclusive=True)
        if "search" in self.request.GET:
            # Wagtail's search backends cannot translate the policy's sub-query: hand
            # them the visible ids instead (the site search of issue 6 filters inside
            # its own engine).
            ids = list(queryset.values_list("pk", flat=True))
            queryset = Page.objects.live().filter(pk__in=ids)
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", TieredPagesAPIViewSet)
