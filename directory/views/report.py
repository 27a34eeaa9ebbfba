"""Placeholder until this area is built (issue 4): answers 404."""

from django.http import Http404


def report_error(request, *args, **kwargs):
    raise Http404


def report_sent(request, *args, **kwargs):
    raise Http404
