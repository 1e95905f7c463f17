"""Dates and times as Arabic news sites print them, in the site's month style and digits."""

from datetime import date, datetime, timedelta
from math import ceil
from zoneinfo import ZoneInfo

from hijridate import Gregorian

from akhbar.arabic.digits import pick, to_digits
from akhbar.arabic.plurals import Forms, quantity


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split("، "))


# Spelled as in docs/arabic.md; index 0 is January.
_LEVANTINE = _names(
    "كانون الثاني، شباط، آذار، نيسان، أيار، حزيران، تموز، آب، أيلول، تشرين الأول، "
    "تشرين الثاني، كانون الأول"
)
_EGYPTIAN = _names(
    "يناير، فبراير، مارس، أبريل، مايو، يونيو، يوليو، أغسطس، سبتمبر، أكتوبر، نوفمبر، ديسمبر"
)
MONTHS = {
    "levantine": _LEVANTINE,
    "egyptian": _EGYPTIAN,
    "maghrebi": _names(
        "جانفي، فيفري، مارس، أفريل، ماي، جوان، جويلية، أوت، سبتمبر، أكتوبر، نوفمبر، ديسمبر"
    ),
    "moroccan": _names(
        "يناير، فبراير، مارس، أبريل، ماي، يونيو، يوليوز، غشت، شتنبر، أكتوبر، نونبر، دجنبر"
    ),
    "levantine_egyptian": tuple(
        f"{lev}/{egy}" for lev, egy in zip(_LEVANTINE, _EGYPTIAN, strict=True)
    ),
}

MONTH_STYLES = (
    ("levantine", "كانون الثاني، شباط… (الشام والعراق)"),
    ("egyptian", "يناير، فبراير… (مصر والخليج)"),
    ("maghrebi", "جانفي، فيفري… (الجزائر وتونس)"),
    ("moroccan", "يناير، فبراير… يوليوز، غشت (المغرب)"),
    ("levantine_egyptian", "كانون الثاني/يناير (الاسمان معاً)"),
)

# In date.weekday() order, Monday first.
WEEKDAYS = _names("الاثنين، الثلاثاء، الأربعاء، الخميس، الجمعة، السبت، الأحد")

HIJRI_MONTHS = _names(
    "محرم، صفر، ربيع الأول، ربيع الآخر، جمادى الأولى، جمادى الآخرة، رجب، شعبان، رمضان، شوال، "
    "ذو القعدة، ذو الحجة"
)

# The spaces keep the bidi algorithm from binding the hyphen to the digits on either side
# (rule W4 only joins a separator sitting directly between two numbers), so in RTL it reads
# as a pause between date and time, never as a minus sign or a range.
DATE_TIME_SEPARATOR = " - "

# After منذ the noun is genitive (دقيقتين); "منذ 5 دقائق", "منذ 15 دقيقة", "منذ 100 دقيقة".
_MINUTES_AGO = Forms("دقيقة", "دقيقتين", "{n} دقائق", "{n} دقيقة", "{n} دقيقة")
_HOURS_AGO = Forms("ساعة", "ساعتين", "{n} ساعات", "{n} ساعة", "{n} ساعة")
_DAYS_AGO = Forms("يوم", "يومين", "{n} أيام", "{n} يوماً", "{n} يوم")
# A heading on its own is nominative: "دقيقتان للقراءة".
_READING = Forms("دقيقة", "دقيقتان", "{n} دقائق", "{n} دقيقة", "{n} دقيقة")

WORDS_PER_MINUTE = 200


def month_name(month: int, style: str = "levantine") -> str:
    """Name a month (1-12) the way the site's readers name it."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return pick(MONTHS, style, "month style")[month - 1]


def _local(value: date | datetime, time_zone: str | None) -> date | datetime:
    """Move an aware datetime into the site's zone; dates and naive datetimes are local already."""
    if time_zone and isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(time_zone))
    return value


def format_date(
    value: date | datetime,
    *,
    month_style: str = "levantine",
    digits: str = "western",
    weekday: bool = False,
    time_zone: str | None = None,
) -> str:
    """Write a date as "12 كانون الثاني 2026", optionally after its weekday."""
    day = _local(value, time_zone)
    text = f"{day.day} {month_name(day.month, month_style)} {day.year}"
    if weekday:
        text = f"{WEEKDAYS[day.weekday()]} {text}"
    return to_digits(text, digits)


def format_time(value: datetime, *, digits: str = "western", time_zone: str | None = None) -> str:
    """Write a clock time on the 24-hour clock, "14:05", as Arabic news sites do."""
    return to_digits(f"{_local(value, time_zone):%H:%M}", digits)


def format_datetime(
    value: datetime,
    *,
    month_style: str = "levantine",
    digits: str = "western",
    weekday: bool = False,
    time_zone: str | None = None,
) -> str:
    """Write "12 كانون الثاني 2026 - 14:05"; see DATE_TIME_SEPARATOR for the hyphen."""
    day = format_date(
        value, month_style=month_style, digits=digits, weekday=weekday, time_zone=time_zone
    )
    return day + DATE_TIME_SEPARATOR + format_time(value, digits=digits, time_zone=time_zone)


def month_year(
    value: date | datetime,
    *,
    month_style: str = "levantine",
    digits: str = "western",
    time_zone: str | None = None,
) -> str:
    """Write "كانون الثاني 2026", the heading of a monthly archive."""
    day = _local(value, time_zone)
    return to_digits(f"{month_name(day.month, month_style)} {day.year}", digits)


def hijri_date(
    value: date | datetime, *, digits: str = "western", time_zone: str | None = None
) -> str:
    """Write the Umm al-Qura date, "23 رجب 1447 هـ", for the civil day of `value`.

    Raises ValueError outside the Umm al-Qura tables (1924-08-01 to 2077-11-16).
    """
    day = _local(value, time_zone)
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError as error:
        raise ValueError(str(error)) from error
    return to_digits(f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year} هـ", digits)


def relative_time(value: datetime, *, now: datetime, digits: str = "western") -> str | None:
    """Say how long ago `value` was ("منذ 5 دقائق") for the past week, else None.

    None (future, or older than 7 days) tells the caller to print the date instead.  `value`
    and `now` are both aware or both naive.
    """
    age = now - value
    if age < timedelta(0):
        return None
    if age < timedelta(minutes=1):
        return "الآن"
    if age < timedelta(hours=1):
        count, forms = age // timedelta(minutes=1), _MINUTES_AGO
    elif age < timedelta(days=1):
        count, forms = age // timedelta(hours=1), _HOURS_AGO
    elif age < timedelta(days=8):
        count, forms = age.days, _DAYS_AGO
    else:
        return None
    return "منذ " + quantity(count, forms, digits=digits)


def reading_time(word_count: int, *, digits: str = "western") -> str:
    """Estimate reading time at WORDS_PER_MINUTE, rounded up, at least one minute."""
    minutes = max(1, ceil(word_count / WORDS_PER_MINUTE))
    return quantity(minutes, _READING, digits=digits) + " للقراءة"
