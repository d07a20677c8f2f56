"""The Content-Security-Policy header, on every response in development and production.

The policy is `settings.CSP_POLICY`: scripts and styles only from Gongkai's own static files,
never inline, so an injected `<script>` or `style=` does nothing. A page that must carry an
inline `<style>` element (the annual report, whose generated CSS is also what WeasyPrint lays
out) asks for `request.csp_nonce` and puts it on the element; the nonce is then added to
`style-src` for that one response. Django 5.2 has no CSP of its own; the attribute name is the
one Django 6 uses, so that templates keep working after an upgrade.

PDF responses are left without the header: a policy on them is meaningless and some browsers'
built-in PDF viewers refuse to run under one.
"""

from __future__ import annotations

import secrets

from django.conf import settings

HEADER = "Content-Security-Policy"


class LazyNonce:
    """A nonce made the first time a template asks for it; unused, it costs nothing."""

    def __init__(self) -> None:
        self.value = ""

    def __str__(self) -> str:
        if not self.value:
            self.value = secrets.token_urlsafe(16)
        return self.value

    def __bool__(self) -> bool:
        return True


def policy_header(nonce: str = "") -> str:
    directives = dict(settings.CSP_POLICY)
    if nonce:
        directives["style-src"] = f"{directives.get('style-src', '')} 'nonce-{nonce}'".strip()
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = request.csp_nonce = LazyNonce()
        response = self.get_response(request)
        if HEADER in response or response.get("Content-Type", "").startswith("application/pdf"):
            return response
        response[HEADER] = policy_header(nonce.value)
        return response
