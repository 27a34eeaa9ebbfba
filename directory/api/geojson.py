"""Placeholder until this area is built (issue 4): answers 404."""

from django.http import Http404


def directory_geojson(request, *args, **kwargs):
    raise Http404
