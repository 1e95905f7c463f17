"""Arabic language helpers: matching forms, stemming, display dates and digits, slugs.

Pure Python; Django appears only in the template tags and in slugify_ar's last step.
"""

from akhbar.arabic.dates import (
    MONTH_STYLES,
    format_date,
    format_datetime,
    format_time,
    hijri_date,
    month_name,
    month_year,
    reading_time,
    relative_time,
)
from akhbar.arabic.digits import DIGIT_STYLES, to_digits
from akhbar.arabic.display import DisplayStyle
from akhbar.arabic.normalize import normalize, tokenize
from akhbar.arabic.slugs import slugify_ar
from akhbar.arabic.stemming import analyze, stem

__all__ = [
    "DIGIT_STYLES",
    "MONTH_STYLES",
    "DisplayStyle",
    "analyze",
    "format_date",
    "format_datetime",
    "format_time",
    "hijri_date",
    "month_name",
    "month_year",
    "normalize",
    "reading_time",
    "relative_time",
    "slugify_ar",
    "stem",
    "to_digits",
    "tokenize",
]
