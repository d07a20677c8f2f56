"""The client's address: X-Forwarded-For believed only from configured trusted proxies, read
from the right; the same function feeds the login lockout."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from gongkai.core.client_address import client_address, limit_key

PROXIES = ["10.0.0.0/8", "192.0.2.1"]


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected", "why"),
    [
        ([], "203.0.113.7", None, "203.0.113.7", "no proxy configured: REMOTE_ADDR"),
        ([], "203.0.113.7", "1.2.3.4", "203.0.113.7", "no proxy configured: XFF ignored"),
        (PROXIES, "203.0.113.7", "1.2.3.4", "203.0.113.7", "spoofed XFF from a client"),
        (PROXIES, "10.1.2.3", "198.51.100.9", "198.51.100.9", "one trusted proxy"),
        (PROXIES, "10.1.2.3", "6.6.6.6, 198.51.100.9", "198.51.100.9", "forged left entry"),
        (PROXIES, "10.1.2.3", "6.6.6.6, 198.51.100.9, 192.0.2.1", "198.51.100.9", "two proxies"),
        (PROXIES, "10.1.2.3", "10.9.9.9, 10.8.8.8", "10.9.9.9", "all trusted: left-most"),
        (PROXIES, "10.1.2.3", "", "10.1.2.3", "empty header: the proxy itself"),
        (PROXIES, "10.1.2.3", "not-an-ip", "10.1.2.3", "garbage stops at the proxy"),
        (PROXIES, "10.1.2.3", "198.51.100.9:5123", "198.51.100.9", "address with port"),
        (PROXIES, "10.1.2.3", "[2001:db8::1]:443", "2001:db8::1", "IPv6 with port"),
        ([], "::ffff:203.0.113.7", None, "203.0.113.7", "IPv4-mapped IPv6"),
        ([], "", None, "0.0.0.0", "no address at all"),  # noqa: S104
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected, why):
    settings.GONGKAI_TRUSTED_PROXIES = proxies
    assert client_address(request_from(remote, forwarded)) == expected, why


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ],
)
def test_limits_count_ipv6_per_64_network(address, key):
    assert limit_key(address) == key


def test_login_lockout_uses_the_same_address():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "gongkai.core.client_address.client_address"


def test_a_bad_trusted_proxy_setting_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example"]
    with pytest.raises(ImproperlyConfigured, match="proxy.example"):
        client_address(request_from("10.1.2.3", "1.2.3.4"))
