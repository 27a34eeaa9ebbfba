"""Placeholder until this area is built (issue 4): answers 404."""

from django.http import Http404


def entry_detail(request, *args, **kwargs):
    raise Http404


def sector_detail(request, *args, **kwargs):
    raise Http404
