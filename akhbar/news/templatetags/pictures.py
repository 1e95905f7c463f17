"""Wagtail's `{% picture %}` with its filters parsed once per template, and the HTML it writes
for an image kept in each process's memory.

Parsing a filter spec such as "fill-800x450" inspects each operation's signature; the home
page's 37 pictures spent 10 ms of a render on it. Writing a picture (six or nine rendition
addresses, each through the storage's URL joining, and their attributes) cost 0.2 ms more,
each time the same image was shown in the same place. Load this library after
`wagtailimages_tags`, or instead of it, to use this `picture`.
"""

from __future__ import annotations

import threading

from django import template
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from wagtail.images.models import Filter
from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

register = template.Library()

#: Pictures each process keeps, the oldest dropped first: a few hundred bytes each.
KEPT_PICTURES = 4096
_written: dict[tuple, SafeString] = {}
_writing = threading.Lock()


class ParsedPictureNode(PictureNode):
    """A PictureNode keeping its Filter objects (they hold no state of an image or a render)
    and the HTML it wrote, by everything that HTML depends on: the filters, the image's file
    and focal point (a new file or focal point gives new renditions) and the attributes."""

    @cached_property
    def filters(self) -> list[Filter]:
        return super().get_filters()

    def get_filters(self) -> list[Filter]:
        return self.filters

    def render(self, context: template.Context) -> str:
        shown = self.validate_image(context)
        if not shown or self.output_var_name:
            # Nothing to show, or `as name`: the template writes the renditions itself.
            return super().render(context)
        key = (
            *self.filter_specs,
            shown.pk,
            shown.file.name,
            shown.focal_point_x,
            shown.focal_point_y,
            shown.focal_point_width,
            shown.focal_point_height,
            *((name, value.resolve(context)) for name, value in self.attrs.items()),
        )
        html = _written.get(key)
        if html is None:
            html = super().render(context)
            with _writing:
                if len(_written) >= KEPT_PICTURES:
                    del _written[next(iter(_written))]
                _written[key] = html
        return html


@register.tag("picture")
def picture(parser, token) -> ParsedPictureNode:
    node = image(parser, token)
    return ParsedPictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )
