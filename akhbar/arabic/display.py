"""A site's display choices bundled so templates format every date and number alike."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from akhbar.arabic import dates
from akhbar.arabic.digits import DIGIT_STYLES, pick, to_digits


@dataclass(frozen=True)
class DisplayStyle:
    """Month names, digits, time zone and Hijri choice of one site, checked on creation.

    Templates find it as `arabic_display` in their context; see the `arabic` template tags.
    """

    month_style: str = "levantine"
    digits: str = "western"
    time_zone: str = "Asia/Damascus"
    hijri: bool = False

    def __post_init__(self) -> None:
        pick(dates.MONTHS, self.month_style, "month style")
        pick(dict(DIGIT_STYLES), self.digits, "digit style")
        ZoneInfo(self.time_zone)

    def format_date(self, value: date | datetime, *, weekday: bool = False) -> str:
        """Write "12 كانون الثاني 2026" (after the weekday when asked) in the site's zone."""
        return dates.format_date(
            value,
            month_style=self.month_style,
            digits=self.digits,
            weekday=weekday,
            time_zone=self.time_zone,
        )

    def format_datetime(self, value: datetime, *, weekday: bool = False) -> str:
        """Write "12 كانون الثاني 2026 - 14:05" in the site's zone."""
        return dates.format_datetime(
            value,
            month_style=self.month_style,
            digits=self.digits,
            weekday=weekday,
            time_zone=self.time_zone,
        )

    def format_time(self, value: datetime) -> str:
        """Write "14:05" in the site's zone."""
        return dates.format_time(value, digits=self.digits, time_zone=self.time_zone)

    def month_year(self, value: date | datetime) -> str:
        """Write "كانون الثاني 2026" for archive headings."""
        return dates.month_year(
            value, month_style=self.month_style, digits=self.digits, time_zone=self.time_zone
        )

    def hijri_date(self, value: date | datetime) -> str:
        """Write "23 رجب 1447 هـ" for the site-local day of `value`."""
        return dates.hijri_date(value, digits=self.digits, time_zone=self.time_zone)

    def relative_time(self, value: datetime, *, now: datetime) -> str | None:
        """Write "منذ 5 دقائق" within a week, else None (show the date then)."""
        return dates.relative_time(value, now=now, digits=self.digits)

    def number(self, value: str | int) -> str:
        """Write the digits of `value` in the site's digit style."""
        return to_digits(value, self.digits)

    def reading_time(self, word_count: int) -> str:
        """Write "4 دقائق للقراءة"."""
        return dates.reading_time(word_count, digits=self.digits)
