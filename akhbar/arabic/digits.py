"""Display digits: each site shows one script, Western 0-9 or Arabic-Indic ٠-٩, never both."""

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")

DIGIT_STYLES = (
    ("western", "أرقام غربية (0-9)"),
    ("arabic", "أرقام مشرقية (٠-٩)"),
)

# Persian digits (U+06F0..U+06F9) arrive in pasted copy; they convert like the Arabic-Indic ones.
_TABLES = {
    "western": str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2),
    "arabic": str.maketrans("0123456789۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩" * 2),
}


def pick(table: Mapping[str, T], key: str, what: str) -> T:
    """Look up a style by name, naming the allowed values when it is unknown."""
    try:
        return table[key]
    except KeyError:
        raise ValueError(f"unknown {what} {key!r}; expected one of {', '.join(table)}") from None


def to_digits(text: str | int, style: str) -> str:
    """Rewrite every digit, whatever its script, in the site's digit style."""
    return str(text).translate(pick(_TABLES, style, "digit style"))
