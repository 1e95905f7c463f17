"""Matching forms of text: what search, dedupe and slugs compare, never what readers see."""

import re
import unicodedata

# The tashkeel ranges, tatweel and bidi/invisible controls of docs/arabic.md, listed because
# a few of them (U+06E5, U+06E6 small waw/yeh, U+0640 tatweel) are letters by category.
_DROPPED = (
    *range(0x064B, 0x0656),
    0x0670,
    *range(0x0610, 0x061B),
    *range(0x06D6, 0x06EE),
    0x0640,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0xFEFF,
)

# Spelling variants that readers and sources mix freely.  ؤ and ئ fold to the bare hamza ء
# rather than to و/ي: docs/arabic.md measures why (مسؤول/مسئول, شؤون/شئون must meet).
# ی and ک are the Persian yeh and keheh that Persian keyboards put into Arabic copy.
_LETTERS = str.maketrans("أإآٱىیکةؤئ", "ااااييكهءء")

# A bare hamza after ي is the old way of typing a final ئ (طوارىء, شاطىء); folding the pair
# makes شيء/شئ and الطوارئ/الطوارىء meet.
_YA_HAMZA = re.compile("ي+ء")

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _clean_char(char: str) -> str:
    """Map one character to itself, an ASCII digit, a separating space or nothing."""
    category = unicodedata.category(char)
    if category[0] == "M" or category == "Cf":
        return ""  # combining marks and invisible format controls never split a word
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category[0] in "CPSZ":
        return " "  # controls, surrogates, unassigned, punctuation, symbols, spaces
    return char


# Precomputed for the BMP (about 16k entries, 10 ms at import); astral characters are rare
# enough in news copy to be classified on the fly.  Identity entries for ASCII and the Arabic
# block spare str.translate a KeyError per ordinary letter (about 40% faster).
_CLEAN = (
    {code: code for code in (*range(0x80), *range(0x0600, 0x0700))}
    | {code: cleaned for code in range(0x10000) if (cleaned := _clean_char(chr(code))) != chr(code)}
    | dict.fromkeys(_DROPPED, "")
)
_FOLD = _CLEAN | _LETTERS


class _Table:
    """A translate table applied by replacing only the characters it changes.

    str.translate looks every character up in the table (about 35 ns each, most of what
    normalize costs); a text holds a few distinct characters that change (punctuation, ة, أ,
    digits), each replaced at C speed.  No replacement holds a character that changes, so
    the order of the replacements does not matter (tests/arabic/test_normalize.py).
    """

    # Beyond this many distinct changing characters (hostile input), one translate is cheaper.
    MAX_REPLACED = 40

    def __init__(self, table: dict[int, int | str]) -> None:
        self.table = table
        self.changes = {
            chr(code): value if isinstance(value, str) else chr(value)
            for code, value in table.items()
            if value not in (code, chr(code))
        }
        ranges: list[list[int]] = []
        for code in sorted(map(ord, self.changes)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        self.changing = re.compile(
            "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"
        )

    def apply(self, text: str) -> str:
        found = set(self.changing.findall(text))
        if len(found) > self.MAX_REPLACED:
            return text.translate(self.table)
        for char in found:
            text = text.replace(char, self.changes[char])
        return text


_CLEAN_TABLE = _Table(_CLEAN)
_FOLD_TABLE = _Table(_FOLD)


def _clean_astral(match: re.Match[str]) -> str:
    return _clean_char(match.group())


def _translate(text: str, table: _Table) -> str:
    if _ASTRAL.search(text):
        text = _ASTRAL.sub(_clean_astral, text)
    return table.apply(text)


def clean(text: str) -> str:
    """Drop marks and invisible controls and turn punctuation into single spaces.

    Keeps the reader's spelling (hamza, ة, ى, case), so it suits slugs and display-side
    comparisons; digits of any script become ASCII.
    """
    return " ".join(_translate(unicodedata.normalize("NFKC", text), _CLEAN_TABLE).split())


def _fold(text: str) -> str:
    folded = _translate(unicodedata.normalize("NFKC", text).casefold(), _FOLD_TABLE)
    if "يء" in folded:
        folded = _YA_HAMZA.sub("ء", folded)
    return " ".join(folded.split())


def normalize(text: str) -> str:
    """Fold text to the form search and dedupe compare, so that spelling variants meet.

    NFKC (presentation forms, decomposed hamza, fullwidth Latin), casefold, drop every
    combining mark and invisible control, fold alef/yeh/teh marbuta/hamza-seat variants,
    map digits of every script to ASCII and punctuation, symbols and controls to single
    spaces.  Never raises on a str and is idempotent.
    """
    folded = _fold(text)
    # Dropping a control can leave composable neighbours (Hangul jamo around a ZWSP);
    # one more pass over NFKC output is stable.
    return folded if unicodedata.is_normalized("NFKC", folded) else _fold(folded)


def tokenize(text: str) -> list[str]:
    """Split text into normalized word tokens (Arabic, Latin or any other letters, and digits)."""
    return normalize(text).split()
