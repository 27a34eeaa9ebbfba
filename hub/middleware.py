"""Headers that only our own reverse proxies may write.

Behind a proxy that terminates TLS, Django learns that the visitor used HTTPS from the
`X-Forwarded-Proto` header (`SECURE_PROXY_SSL_HEADER`, set in production only when
`TRUSTED_PROXIES` is). Django believes that header whoever sent it: a client that reaches
gunicorn directly could claim HTTPS and dodge the redirect to HTTPS. This middleware,
first in the list, removes the header unless the connection comes from one of the networks
of `settings.MAILLAGE_TRUSTED_PROXIES`, as `hub.security.client_ip` does for
`X-Forwarded-For`.
"""

from __future__ import annotations

from hub.security.client_ip import parse_address, trusted_proxy_networks

# Request headers (as in request.META) that say how the visitor reached the proxy.
PROXY_SCHEME_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_SSL", "HTTP_X_FORWARDED_HOST")


def from_trusted_proxy(request) -> bool:
    networks = trusted_proxy_networks()
    if not networks:
        return False
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return False
    return any(remote.version == network.version and remote in network for network in networks)


class TrustedProxyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for header in PROXY_SCHEME_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
