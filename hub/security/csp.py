"""The Content-Security-Policy of Wagtail's admin.

django-csp (`csp.middleware.CSPMiddleware`) sends the public site's policy and leaves out
the paths of `CSP_EXCLUDED_PATHS` (the admin): django-csp 4 has one policy per site, and
decorating every Wagtail view is not possible. This middleware sends the admin's own
policy, `settings.MAILLAGE_ADMIN_CONTENT_SECURITY_POLICY` (built by
`hub.settings.security.admin_content_security_policy`), on the responses of those paths
only; as `Content-Security-Policy-Report-Only` when `MAILLAGE_ADMIN_CSP_REPORT_ONLY` is on
(CSP_REPORT_ONLY=true in production, like the public policy).
"""

from __future__ import annotations

from django.conf import settings

from hub.settings.security import ADMIN_PATH_PREFIX

HEADER = "Content-Security-Policy"
HEADER_REPORT_ONLY = "Content-Security-Policy-Report-Only"


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "MAILLAGE_ADMIN_CONTENT_SECURITY_POLICY", "")
        if policy and request.path_info.startswith(ADMIN_PATH_PREFIX):
            report_only = getattr(settings, "MAILLAGE_ADMIN_CSP_REPORT_ONLY", False)
            header = HEADER_REPORT_ONLY if report_only else HEADER
            if header not in response:
                response[header] = policy
        return response
