"""Readable Arabic slugs: the title's own spelling, short, with no invisible characters."""

from django.utils.text import slugify

from akhbar.arabic.normalize import clean


def slugify_ar(text: str, *, max_words: int = 8) -> str:
    """Make a URL slug from a title, keeping Arabic letters as readers spell them.

    Tashkeel, tatweel and bidi controls go, digits become ASCII, Arabic and Latin
    punctuation separate words, Latin is lowercased; at most `max_words` words.  Returns ""
    only when nothing usable is left.  No ه/ي folding: readers see slugs.
    """
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, got {max_words}")
    return slugify(" ".join(clean(text).split()[:max_words]), allow_unicode=True)
