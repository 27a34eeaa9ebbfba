"""The client address counted by the lockout: X-Forwarded-For is believed only from our
own proxies, and read from the right."""

import pytest
from django.test import RequestFactory, override_settings

from hub.security.client_ip import client_ip

PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(MAILLAGE_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


@override_settings(MAILLAGE_TRUSTED_PROXIES=PROXIES)
@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        # A client connecting directly cannot choose its address.
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # Through one proxy: the address the proxy saw.
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # Entries written by the client, left of the proxy's, are not believed.
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Through two of our proxies: skip them, from the right.
        ("10.0.0.2", "198.51.100.1, 10.1.2.3", "198.51.100.1"),
        # Ports and IPv6 as proxies write them.
        ("10.0.0.2", "198.51.100.1:51234", "198.51.100.1"),
        ("10.0.0.2", "[2001:db8:1::7]:443", "2001:db8:1::7"),
        ("2001:db8:ffff::1", "2001:db8:1::7", "2001:db8:1::7"),
        ("::ffff:10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # Nothing usable in the header: the proxy itself.
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "10.9.9.9", "10.0.0.2"),
        # Garbage where the proxy's entry should be: stop, believe nothing further left.
        ("10.0.0.2", "198.51.100.1, pas-une-adresse", "10.0.0.2"),
    ],
)
def test_the_header_is_read_from_the_right_behind_trusted_proxies(remote, forwarded, expected):
    assert client_ip(request_from(remote, forwarded)) == expected


def test_an_unusable_remote_addr_gives_no_address():
    assert client_ip(request_from("")) is None
    assert client_ip(request_from("pas-une-adresse")) is None
