"""The public portal. It only reads: every item comes through `portal.selectors`, which start
from the catalogue's `public_items`. The application form and status page live with the
applications (`info_requests.public_views`)."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from gongkai.accounts.models import Agency, Government
from gongkai.catalogue.attachments import TYPES as FILE_TYPES
from gongkai.catalogue.selectors import public_items
from gongkai.catalogue.taxonomy import STATUTORY_CATEGORIES
from gongkai.portal import selectors as q
from gongkai.portal.context_processors import CARE_COOKIE
from gongkai.portal.forms import CatalogueFilterForm
from gongkai.portal.pagination import CountedPaginator

logger = logging.getLogger(__name__)

# Art. 33: reply within 20 working days, extendable once by at most 20.
REPLY_DAYS = 20
EXTENSION_DAYS = 20
# Art. 30: a correction notice within 7 working days of receipt.
CORRECTION_NOTICE_DAYS = 7
# Art. 26: proactive disclosure within 20 working days of the information being formed.
PUBLICATION_DAYS = 20


def _government():
    return Government.objects.order_by("pk").first()


@require_safe
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "government": _government(),
            "agencies": q.active_agencies(),
            "latest": q.latest(),
        },
    )


def _catalogue_page(request, *, agency: Agency | None = None):
    form = CatalogueFilterForm(request.GET or None, fixed_agency=agency)
    if form.is_bound and not form.is_valid():
        # Nothing is listed under a filter that could not be read: say what was wrong.
        page, status = None, 400
    else:
        filters = form.filters() if form.is_bound else q.CatalogueFilter(agency=agency)
        paginator = CountedPaginator(
            q.catalogue(filters), q.PAGE_SIZE, count=q.catalogue_count(filters)
        )
        page = paginator.get_page(request.GET.get("page"))
        status = 200
    return render(
        request,
        "portal/catalogue.html",
        {"form": form, "page": page, "agency": agency, "show_agency": agency is None},
        status=status,
    )


@require_safe
def catalogue(request):
    return _catalogue_page(request)


@require_safe
def agency_catalogue(request, code: str):
    agency = q.agency_by_code(code)
    if agency is None:
        raise Http404("没有这个机关")
    return _catalogue_page(request, agency=agency)


@require_safe
def item_by_pk(request, pk: int):
    item = public_items().filter(pk=pk).first()
    if item is None:
        raise Http404("没有这个公开条目")
    return redirect(q.item_url(item), permanent=True)


@require_safe
def item_page(request, index_number: str):
    item = q.public_item_by_index(index_number)
    if item is None:
        raise Http404("没有这个公开条目")
    return render(
        request,
        "portal/item.html",
        {
            "item": item,
            "category_label": STATUTORY_CATEGORIES.get(item.statutory_category, ""),
            "amended_by": q.public_or_none(item.amended_by),
            "repealed_by": q.public_or_none(item.repealed_by),
            "amends": public_items()
            .filter(amended_by=item, amended_by__isnull=False)
            .order_by(*q.NEWEST_FIRST),
            "repeals": public_items()
            .filter(repealed_by=item, repealed_by__isnull=False)
            .order_by(*q.NEWEST_FIRST),
            "interpretation": q.interpretation_of(item),
            "interprets": q.public_or_none(item.interprets),
            "attachments": [(a, FILE_TYPES.get(a.mime, a.mime)) for a in item.attachments.all()],
        },
    )


@require_safe
def attachment_download(request, pk: int):
    attachment = q.public_attachment(pk)
    if attachment is None:
        raise Http404("没有这个附件")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("attachment %s of item %s: file missing", attachment.pk, attachment.item_id)
        raise Http404("附件文件缺失") from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.mime
    )


@require_safe
def guide_index(request):
    return render(
        request,
        "portal/guide_index.html",
        {"government": _government(), "agencies": q.active_agencies()},
    )


@require_safe
def guide(request, code: str):
    """The disclosure guide (公开指南, Art. 12), generated from the agency's own records."""
    agency = q.agency_by_code(code)
    if agency is None:
        raise Http404("没有这个机关")
    return render(
        request,
        "portal/guide.html",
        {
            "agency": agency,
            "categories": q.category_counts(agency),
            "subjects": q.subject_counts(agency),
            "total": q.agency_total(agency),
            "reply_days": REPLY_DAYS,
            "extension_days": EXTENSION_DAYS,
            "correction_days": CORRECTION_NOTICE_DAYS,
            "publication_days": PUBLICATION_DAYS,
        },
    )


@require_safe
def contact(request):
    """联系我们: each agency's disclosure office, from the agencies' own records (Art. 12)."""
    return render(
        request,
        "portal/contact.html",
        {"government": _government(), "agencies": q.active_agencies()},
    )


@require_safe
def site_map(request):
    """网站地图: the portal's sections for people (sitemap.xml is for search engines)."""
    return render(
        request,
        "portal/site_map.html",
        {"agencies": q.active_agencies(), "categories": list(STATUTORY_CATEGORIES.items())},
    )


# Staff pages, the admin, login and applicants' status pages are not for search engines.
ROBOTS_DISALLOW = (
    "/workbench/",
    "/admin/",
    "/accounts/",
    "/apply/status/",
    "/audit/",
    "/workdays/",
)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    return HttpResponseRedirect(static("portal/favicon.ico"))


CARE_MODES = {"care": "1", "standard": ""}
CARE_COOKIE_AGE = 365 * 24 * 3600


@require_safe
def care_toggle(request):
    """关怀版 on or off, without JavaScript: set the cookie and go back to the page."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if CARE_MODES.get(request.GET.get("mode", "")):
        response.set_cookie(
            CARE_COOKIE,
            "1",
            max_age=CARE_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(CARE_COOKIE, samesite="Lax")
    return response
