"""Template tags for the parts of a page that are not recorded as what it shows."""

from __future__ import annotations

from django import template

from akhbar.publishing.fragments import most_read_items
from akhbar.publishing.recording import unrecorded

register = template.Library()


class UnrecordedNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        with unrecorded():
            return self.nodelist.render(context)


@register.tag("unrecorded")
def do_unrecorded(parser, token) -> UnrecordedNode:
    """{% unrecorded %}…{% endunrecorded %}: articles loaded inside do not count as shown,
    so that editing a ticker headline does not re-render every page that embeds it."""
    nodelist = parser.parse(("endunrecorded",))
    parser.delete_first_token()
    return UnrecordedNode(nodelist)


@register.simple_tag
def most_read_now() -> list:
    """`{% most_read_now as most_read %}`: the most-read snapshot a page embeds."""
    return most_read_items()
