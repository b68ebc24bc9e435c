"""Template tags that write the timeline's compact lines and overview from timeline.rendering."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from timeline.lines import EventLine
from timeline.overview import Overview
from timeline.rendering import compact_line_html, overview_html

register = template.Library()


@register.simple_tag(takes_context=True)
def compact_line(context, line: EventLine) -> SafeString:
    return compact_line_html(
        line, full_query=context["full_query"], can_edit=bool(context["can_edit"])
    )


@register.simple_tag
def overview_picture(overview: Overview) -> SafeString:
    return overview_html(overview)
