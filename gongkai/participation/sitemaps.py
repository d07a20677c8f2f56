"""The portal pages of comment calls in /sitemap.xml (registered in portal.sitemaps)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.participation import states
from gongkai.participation.models import CommentCall

# Open and closed calls (a summarised call is a closed one with its adoption summary); a
# withdrawn call's page stays up but is not offered to search engines.
LISTED = (states.OPEN, states.CLOSED, states.SUMMARISED)


class CallSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return (
            CommentCall.objects.filter(status__in=LISTED, published_on__isnull=False)
            .only("pk", "published_on", "closed_on", "summary_published_on")
            .order_by("-published_on", "-pk")
        )

    def location(self, call: CommentCall) -> str:
        return reverse("participation:call", args=[call.pk])

    def lastmod(self, call: CommentCall):
        """The last day the public page changed in substance: published, closed or its
        adoption summary published."""
        return call.summary_published_on or call.closed_on or call.published_on
