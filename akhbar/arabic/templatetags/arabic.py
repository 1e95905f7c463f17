"""`{% load arabic %}`: every date, time and number on a page in the site's display style.

The style comes from `arabic_display` in the context (a DisplayStyle), else the defaults in
settings.TIME_ZONE.  Like Django's own date filter, a missing or unusable value renders "".
"""

from datetime import date, datetime

from django import template
from django.conf import settings

from akhbar.arabic.digits import to_digits
from akhbar.arabic.display import DisplayStyle

register = template.Library()


def _style(context: template.Context) -> DisplayStyle:
    style = context.get("arabic_display")
    return style if isinstance(style, DisplayStyle) else DisplayStyle(time_zone=settings.TIME_ZONE)


@register.simple_tag(takes_context=True)
def ar_date(context: template.Context, value: object, weekday: bool = False) -> str:
    """Render "12 كانون الثاني 2026", or "الاثنين 12 كانون الثاني 2026" with weekday=True."""
    if not isinstance(value, date):
        return ""
    return _style(context).format_date(value, weekday=weekday)


@register.simple_tag(takes_context=True)
def ar_datetime(context: template.Context, value: object, weekday: bool = False) -> str:
    """Render "12 كانون الثاني 2026 - 14:05"; a plain date renders as ar_date."""
    if not isinstance(value, date):
        return ""
    style = _style(context)
    if isinstance(value, datetime):
        return style.format_datetime(value, weekday=weekday)
    return style.format_date(value, weekday=weekday)


@register.simple_tag(takes_context=True)
def ar_time(context: template.Context, value: object) -> str:
    """Render "14:05"."""
    return _style(context).format_time(value) if isinstance(value, datetime) else ""


@register.simple_tag(takes_context=True)
def ar_hijri(context: template.Context, value: object, force: bool = False) -> str:
    """Render "23 رجب 1447 هـ" when the site shows Hijri dates (or force=True)."""
    style = _style(context)
    if not isinstance(value, date) or not (style.hijri or force):
        return ""
    try:
        return style.hijri_date(value)
    except ValueError:  # outside the Umm al-Qura tables
        return ""


@register.simple_tag(takes_context=True)
def ar_num(context: template.Context, value: object) -> str:
    """Render a number (or any text) with the site's digits."""
    return "" if value is None or value == "" else _style(context).number(str(value))


@register.simple_tag(takes_context=True)
def ar_month(context: template.Context, value: object) -> str:
    """Render "كانون الثاني 2026" for archive headings."""
    return _style(context).month_year(value) if isinstance(value, date) else ""


@register.simple_tag(takes_context=True)
def ar_reading_time(context: template.Context, word_count: object) -> str:
    """Render "4 دقائق للقراءة" from an article's word count."""
    try:
        words = int(word_count)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return ""
    return _style(context).reading_time(words)


@register.filter(is_safe=True)
def ar_digits(value: object, style: str = "western") -> str:
    """Convert digits: Western by default, Arabic-Indic with {{ n|ar_digits:"arabic" }}."""
    return "" if value is None or value == "" else to_digits(str(value), style)
