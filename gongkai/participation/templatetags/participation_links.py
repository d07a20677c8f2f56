"""The catalogue item page's link back to the comment call whose final document it is."""

from django import template

from gongkai.participation.selectors import calls_for_item

register = template.Library()


@register.inclusion_tag("participation/_item_link.html")
def comment_calls_for(item):
    return {"calls": list(calls_for_item(item))}
