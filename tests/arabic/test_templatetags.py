import os
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.template import Context, Engine
from django.test import override_settings

from akhbar.arabic import DisplayStyle

# Gulf-style site: Egyptian month names, Arabic-Indic digits, Riyadh time (UTC+3), Hijri on.
GULF = DisplayStyle(month_style="egyptian", digits="arabic", time_zone="Asia/Riyadh", hijri=True)
AT_1405_RIYADH = datetime(2026, 1, 12, 11, 5, tzinfo=UTC)


@pytest.fixture(autouse=True, scope="module")
def _django_settings():
    """Let the pure tests run without the project settings (`-p no:django`)."""
    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(TIME_ZONE="Asia/Damascus", USE_TZ=True)


def render(source: str, **context: object) -> str:
    engine = Engine(libraries={"arabic": "akhbar.arabic.templatetags.arabic"})
    return engine.from_string("{% load arabic %}" + source).render(Context(context))


STYLED_CASES = [
    ("{% ar_date value %}", AT_1405_RIYADH, "١٢ يناير ٢٠٢٦"),
    ("{% ar_date value weekday=True %}", AT_1405_RIYADH, "الاثنين ١٢ يناير ٢٠٢٦"),
    ("{% ar_date value %}", date(2026, 1, 12), "١٢ يناير ٢٠٢٦"),
    ("{% ar_datetime value %}", AT_1405_RIYADH, "١٢ يناير ٢٠٢٦ - ١٤:٠٥"),
    ("{% ar_datetime value %}", date(2026, 1, 12), "١٢ يناير ٢٠٢٦"),
    ("{% ar_time value %}", AT_1405_RIYADH, "١٤:٠٥"),
    ("{% ar_hijri value %}", date(2026, 1, 12), "٢٣ رجب ١٤٤٧ هـ"),
    ("{% ar_hijri value %}", date(1900, 1, 1), ""),
    ("{% ar_month value %}", date(2026, 1, 12), "يناير ٢٠٢٦"),
    ("{% ar_num value %}", 2026, "٢٠٢٦"),
    ("{% ar_num value %}", "12 خبراً", "١٢ خبراً"),
    ("{% ar_reading_time value %}", 800, "٤ دقائق للقراءة"),
    ("{% ar_reading_time value %}", "400", "دقيقتان للقراءة"),
    ("{{ value|ar_digits }}", "١٢ و٣٤", "12 و34"),
    ('{{ value|ar_digits:"arabic" }}', 1234, "١٢٣٤"),
]


@pytest.mark.parametrize(("source", "value", "expected"), STYLED_CASES)
def test_tags_use_the_display_style_in_context(source, value, expected):
    assert render(source, value=value, arabic_display=GULF) == expected


EMPTY_CASES = [
    "{% ar_date value %}",
    "{% ar_datetime value %}",
    "{% ar_time value %}",
    "{% ar_hijri value force=True %}",
    "{% ar_num value %}",
    "{% ar_month value %}",
    "{% ar_reading_time value %}",
    "{{ value|ar_digits }}",
]


@pytest.mark.parametrize("source", EMPTY_CASES)
@pytest.mark.parametrize("value", [None, ""])
def test_missing_values_render_nothing(source, value):
    assert render(source, value=value, arabic_display=GULF) == ""


def test_unusable_values_render_nothing():
    assert render("{% ar_date value %}{% ar_time value %}", value="2026-01-12") == ""
    assert render("{% ar_reading_time value %}", value="many") == ""
    assert render("{% ar_time value %}", value=date(2026, 1, 12)) == ""


@override_settings(TIME_ZONE="Asia/Riyadh")
def test_without_a_style_the_defaults_and_settings_time_zone_apply():
    assert render("{% ar_datetime value %}", value=AT_1405_RIYADH) == "12 كانون الثاني 2026 - 14:05"
    assert render("{% ar_num value %}", value="٢٠٢٦") == "2026"


def test_hijri_only_when_the_site_shows_it_or_forced():
    plain = DisplayStyle()
    assert render("{% ar_hijri value %}", value=date(2026, 1, 12), arabic_display=plain) == ""
    assert (
        render("{% ar_hijri value force=True %}", value=date(2026, 1, 12), arabic_display=plain)
        == "23 رجب 1447 هـ"
    )


def test_output_is_escaped():
    assert render("{% ar_num value %}", value="<b>12</b>") == "&lt;b&gt;12&lt;/b&gt;"
    assert render("{{ value|ar_digits }}", value="<b>12</b>") == "&lt;b&gt;12&lt;/b&gt;"


def test_display_style_rejects_unknown_choices():
    with pytest.raises(ValueError, match="month style"):
        DisplayStyle(month_style="gulf")
    with pytest.raises(ValueError, match="digit style"):
        DisplayStyle(digits="hindi")
    with pytest.raises(LookupError):
        DisplayStyle(time_zone="Mars/Olympus")
