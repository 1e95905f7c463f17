"""{% seo_head %}: canonical, description, OpenGraph, Twitter card, feed links and JSON-LD."""

from django import template

from akhbar.feeds.seo import head_meta

register = template.Library()


@register.inclusion_tag("components/seo_head.html", takes_context=True)
def seo_head(context: template.Context) -> dict:
    """Print the head metadata of the page being rendered (see akhbar.feeds.seo)."""
    return {"meta": head_meta(context)}
