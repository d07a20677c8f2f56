from django import template
from django.urls import reverse

register = template.Library()

DATE_LABELS = {
    "written_on": "成文",
    "published_on": "发布",
    "received_on": "收到",
    "due_on": "期限",
    "replied_on": "答复",
    "filed_on": "提起",
}


@register.filter
def date_label(name: str) -> str:
    return DATE_LABELS.get(name, name)


@register.simple_tag
def record_url(row) -> str:
    """The staff page of the record behind a figure."""
    if row.kind == "item":
        return reverse("catalogue:item", args=[row.pk])
    if row.kind == "message":
        return reverse("interaction:message", args=[row.pk])
    return reverse("info_requests:case", args=[row.pk])


@register.simple_tag
def nudged_already(nudged, kind, pk) -> bool:
    return (kind, pk) in nudged
