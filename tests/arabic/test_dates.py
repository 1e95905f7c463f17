from datetime import UTC, date, datetime, timedelta

import pytest
from hijridate import Gregorian

from akhbar.arabic import (
    DIGIT_STYLES,
    MONTH_STYLES,
    format_date,
    format_datetime,
    format_time,
    hijri_date,
    month_name,
    month_year,
    reading_time,
    relative_time,
    to_digits,
)
from akhbar.arabic.plurals import Forms, plural_category, quantity

JAN_12 = date(2026, 1, 12)  # a Monday
AT_1405_RIYADH = datetime(2026, 1, 12, 11, 5, tzinfo=UTC)  # Asia/Riyadh is UTC+3 all year


def test_style_choices_work_as_django_choices():
    assert [value for value, _ in MONTH_STYLES] == [
        "levantine",
        "egyptian",
        "maghrebi",
        "moroccan",
        "levantine_egyptian",
    ]
    assert [value for value, _ in DIGIT_STYLES] == ["western", "arabic"]
    assert all(isinstance(label, str) and label for _, label in MONTH_STYLES + DIGIT_STYLES)


MONTH_CASES = [
    ((1, "levantine"), "كانون الثاني"),
    ((5, "levantine"), "أيار"),
    ((12, "levantine"), "كانون الأول"),
    ((1, "egyptian"), "يناير"),
    ((8, "egyptian"), "أغسطس"),
    ((1, "maghrebi"), "جانفي"),
    ((7, "maghrebi"), "جويلية"),
    ((8, "maghrebi"), "أوت"),
    ((7, "moroccan"), "يوليوز"),
    ((8, "moroccan"), "غشت"),
    ((12, "moroccan"), "دجنبر"),
    ((1, "levantine_egyptian"), "كانون الثاني/يناير"),
    ((10, "levantine_egyptian"), "تشرين الأول/أكتوبر"),
]


@pytest.mark.parametrize(("raw", "expected"), MONTH_CASES)
def test_month_name(raw, expected):
    month, style = raw
    assert month_name(month, style) == expected


def test_month_name_defaults_to_levantine():
    assert month_name(3) == "آذار"


@pytest.mark.parametrize(("month", "style"), [(0, "levantine"), (13, "levantine"), (1, "gulf")])
def test_month_name_rejects_unknown_months_and_styles(month, style):
    with pytest.raises(ValueError, match=r"month|style"):
        month_name(month, style)


DATE_CASES = [
    ({}, "12 كانون الثاني 2026"),
    ({"month_style": "egyptian"}, "12 يناير 2026"),
    ({"month_style": "maghrebi"}, "12 جانفي 2026"),
    ({"month_style": "moroccan"}, "12 يناير 2026"),
    ({"month_style": "levantine_egyptian"}, "12 كانون الثاني/يناير 2026"),
    ({"digits": "arabic"}, "١٢ كانون الثاني ٢٠٢٦"),
    ({"weekday": True}, "الاثنين 12 كانون الثاني 2026"),
    (
        {"month_style": "egyptian", "digits": "arabic", "weekday": True},
        "الاثنين ١٢ يناير ٢٠٢٦",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), DATE_CASES)
def test_format_date(raw, expected):
    assert format_date(JAN_12, **raw) == expected


def test_format_date_moroccan_august():
    assert format_date(date(2026, 8, 3), month_style="moroccan") == "3 غشت 2026"


def test_aware_datetimes_move_to_the_time_zone_first():
    late_utc = datetime(2026, 1, 11, 22, 30, tzinfo=UTC)
    assert format_date(late_utc) == "11 كانون الثاني 2026"
    assert format_date(late_utc, time_zone="Asia/Riyadh") == "12 كانون الثاني 2026"


def test_naive_datetimes_are_taken_as_local():
    assert format_time(datetime(2026, 1, 12, 14, 5), time_zone="Asia/Riyadh") == "14:05"  # noqa: DTZ001


TIME_CASES = [
    ({"time_zone": "Asia/Riyadh"}, "14:05"),
    ({"time_zone": "Asia/Riyadh", "digits": "arabic"}, "١٤:٠٥"),
    ({}, "11:05"),
]


@pytest.mark.parametrize(("raw", "expected"), TIME_CASES)
def test_format_time(raw, expected):
    assert format_time(AT_1405_RIYADH, **raw) == expected


def test_format_datetime():
    assert (
        format_datetime(AT_1405_RIYADH, time_zone="Asia/Riyadh") == "12 كانون الثاني 2026 - 14:05"
    )
    assert (
        format_datetime(AT_1405_RIYADH, month_style="egyptian", digits="arabic", weekday=True)
        == "الاثنين ١٢ يناير ٢٠٢٦ - ١١:٠٥"
    )


def test_month_year():
    assert month_year(JAN_12) == "كانون الثاني 2026"
    assert month_year(JAN_12, month_style="levantine_egyptian") == "كانون الثاني/يناير 2026"
    assert month_year(JAN_12, digits="arabic") == "كانون الثاني ٢٠٢٦"


def test_hijri_date_for_12_january_2026():
    # Checked by hand: hijridate puts 1 Rajab 1447 on Sunday 21 December 2025, and the
    # arithmetic (tabular) Islamic calendar agrees that 12 January 2026 is 23 Rajab 1447.
    hijri = Gregorian(2026, 1, 12).to_hijri()
    assert (hijri.year, hijri.month, hijri.day) == (1447, 7, 23)
    assert hijri_date(JAN_12) == "23 رجب 1447 هـ"
    assert hijri_date(JAN_12, digits="arabic") == "٢٣ رجب ١٤٤٧ هـ"


def test_hijri_date_uses_the_local_day():
    late_utc = datetime(2026, 1, 11, 22, 30, tzinfo=UTC)
    assert hijri_date(late_utc, time_zone="Asia/Riyadh") == "23 رجب 1447 هـ"
    assert hijri_date(date(2026, 2, 18)) == "1 رمضان 1447 هـ"


def test_hijri_date_outside_umm_al_qura_raises_value_error():
    with pytest.raises(ValueError, match="1924"):
        hijri_date(date(1900, 1, 1))


NOW = datetime(2026, 1, 12, 12, 0, tzinfo=UTC)
RELATIVE_CASES = [
    (timedelta(0), "الآن"),
    (timedelta(seconds=59), "الآن"),
    (timedelta(minutes=1), "منذ دقيقة"),
    (timedelta(minutes=2), "منذ دقيقتين"),
    (timedelta(minutes=5), "منذ 5 دقائق"),
    (timedelta(minutes=10), "منذ 10 دقائق"),
    (timedelta(minutes=15), "منذ 15 دقيقة"),
    (timedelta(minutes=59, seconds=59), "منذ 59 دقيقة"),
    (timedelta(minutes=100), "منذ ساعة"),  # an hour and more is counted in hours
    (timedelta(hours=1), "منذ ساعة"),
    (timedelta(hours=2), "منذ ساعتين"),
    (timedelta(hours=5), "منذ 5 ساعات"),
    (timedelta(hours=11), "منذ 11 ساعة"),
    (timedelta(days=1), "منذ يوم"),
    (timedelta(days=2), "منذ يومين"),
    (timedelta(days=3), "منذ 3 أيام"),
    (timedelta(days=7, hours=23), "منذ 7 أيام"),
    (timedelta(days=8), None),
    (timedelta(seconds=-1), None),
]


@pytest.mark.parametrize(("raw", "expected"), RELATIVE_CASES)
def test_relative_time(raw, expected):
    assert relative_time(NOW - raw, now=NOW) == expected


def test_relative_time_digits():
    assert relative_time(NOW - timedelta(minutes=5), now=NOW, digits="arabic") == "منذ ٥ دقائق"


PLURAL_CASES = [
    (0, "zero"),
    (1, "one"),
    (2, "two"),
    (3, "few"),
    (10, "few"),
    (11, "many"),
    (99, "many"),
    (100, "other"),
    (101, "other"),
    (102, "other"),
    (103, "few"),
    (111, "many"),
    (1000, "other"),
]


@pytest.mark.parametrize(("raw", "expected"), PLURAL_CASES)
def test_plural_category_follows_cldr_arabic(raw, expected):
    assert plural_category(raw) == expected


QUANTITY_CASES = [
    (0, "0 دقيقة"),
    (1, "دقيقة"),
    (2, "دقيقتين"),
    (5, "5 دقائق"),
    (15, "15 دقيقة"),
    (100, "100 دقيقة"),
    (103, "103 دقائق"),
]


@pytest.mark.parametrize(("raw", "expected"), QUANTITY_CASES)
def test_quantity(raw, expected):
    minutes = Forms("دقيقة", "دقيقتين", "{n} دقائق", "{n} دقيقة", "{n} دقيقة")
    assert quantity(raw, minutes) == expected


READING_CASES = [
    (-5, "دقيقة للقراءة"),
    (0, "دقيقة للقراءة"),
    (200, "دقيقة للقراءة"),
    (201, "دقيقتان للقراءة"),
    (400, "دقيقتان للقراءة"),
    (800, "4 دقائق للقراءة"),
    (2400, "12 دقيقة للقراءة"),
    (20000, "100 دقيقة للقراءة"),
]


@pytest.mark.parametrize(("raw", "expected"), READING_CASES)
def test_reading_time(raw, expected):
    assert reading_time(raw) == expected


def test_reading_time_digits():
    assert reading_time(800, digits="arabic") == "٤ دقائق للقراءة"


DIGIT_CASES = [
    (("2026", "arabic"), "٢٠٢٦"),
    (("٢٠٢٦", "western"), "2026"),
    (("۲۰۲۶", "western"), "2026"),
    (("۴۵۶", "arabic"), "٤٥٦"),
    ((12, "arabic"), "١٢"),
    ((12, "western"), "12"),
    (("العدد 12 و٣٤", "western"), "العدد 12 و34"),
    (("العدد 12 و٣٤", "arabic"), "العدد ١٢ و٣٤"),
    (("14:05", "arabic"), "١٤:٠٥"),
    (("", "arabic"), ""),
]


@pytest.mark.parametrize(("raw", "expected"), DIGIT_CASES)
def test_to_digits(raw, expected):
    assert to_digits(*raw) == expected


def test_to_digits_rejects_unknown_style():
    with pytest.raises(ValueError, match="western, arabic"):
        to_digits("12", "hindi")
