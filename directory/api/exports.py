"""Placeholder until this area is built (issue 4): answers 404."""

from django.http import Http404


def directory_csv(request, *args, **kwargs):
    raise Http404


def directory_xlsx(request, *args, **kwargs):
    raise Http404
