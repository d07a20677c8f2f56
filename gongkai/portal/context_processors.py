"""What every portal page shows around its content: the site's identity for the footer
(《政府网站发展指引》) and whether the elderly-friendly mode (关怀版) is on."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)

CARE_COOKIE = "gongkai_care"
FALLBACK_SPONSOR = "政府信息公开"


def sponsor_name() -> str:
    """主办单位: the setting, else the government's name. Never fails: an error page must
    render even when the database does not answer."""
    if settings.GONGKAI_SITE_SPONSOR:
        return settings.GONGKAI_SITE_SPONSOR
    try:
        from gongkai.accounts.models import Government

        government = Government.objects.order_by("pk").only("name").first()
    except DatabaseError:
        logger.warning("site sponsor: the database did not answer", exc_info=True)
        return FALLBACK_SPONSOR
    return government.name if government else FALLBACK_SPONSOR


def care_mode(request) -> bool:
    return request.COOKIES.get(CARE_COOKIE) == "1"


def site(request):
    sponsor = functools.cache(sponsor_name)  # once per page, wherever it is shown
    return {
        "site": {
            # A callable: the template asks the database only on pages that show it.
            "sponsor": sponsor,
            "organiser": settings.GONGKAI_SITE_ORGANISER,
            "site_id": settings.GONGKAI_SITE_ID,
            "icp": settings.GONGKAI_SITE_ICP,
            "psb": settings.GONGKAI_SITE_PSB,
        },
        "care_mode": care_mode(request),
    }
