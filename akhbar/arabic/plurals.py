"""Counted nouns: Arabic picks the noun form from the number (CLDR plural rules for `ar`)."""

from typing import NamedTuple

from akhbar.arabic.digits import to_digits


class Forms(NamedTuple):
    """A noun phrase for each CLDR category; `{n}` is where the number goes."""

    one: str
    two: str
    few: str
    many: str
    other: str


def plural_category(n: int) -> str:
    """Return the CLDR `ar` category of a count: zero, one, two, few, many or other."""
    if n in (0, 1, 2):
        return ("zero", "one", "two")[n]
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


def quantity(n: int, forms: Forms, *, digits: str = "western") -> str:
    """Phrase a count with the noun form Arabic grammar asks for ("5 دقائق", "15 دقيقة").

    CLDR's zero category reads like other with the number written out ("0 دقيقة").
    """
    category = plural_category(n)
    phrase = forms.other if category == "zero" else getattr(forms, category)
    return to_digits(phrase.format(n=n), digits)
