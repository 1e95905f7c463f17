"""Light stemming and the token stream that search indexes and queries share."""

import re
from functools import lru_cache

from akhbar.arabic.normalize import normalize, tokenize

# Larkey's light10 affixes in normalized spelling (ة is ه, so ية/ة collapse into يه/ه).
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_ARABIC_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+")


def _strip_suffixes(word: str) -> str:
    while True:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            return word


# Frequent news words whose first و is a root letter, not the conjunction: without them وزير
# stems to زير while الوزير stems to وزير, and وزارة meets زار (visited).  Kept as suffix-free
# stems because stem() looks them up before it drops the و.
_ROOT_WAW_WORDS = (
    "وزير وزارة وزراء وطن وقت وضع وصل وفد وفود ولاية وكالة وثيقة وثائق وفاة وحدة وسط "
    "وجه وجود وقف وقود وعد وصف وفقا واقع والد وسائل وظيفة وصول وارد واشنطن"
)
_ROOT_WAW = frozenset(_strip_suffixes(normalize(word)) for word in _ROOT_WAW_WORDS.split())

# الله would lose its article and meet له (for him): حزب الله, عبد الله and رام الله need it whole.
_WHOLE_WORDS = dict.fromkeys(("الله", "والله", "بالله", "لله", "فالله", "ولله", "تالله"), "الله")

# Normalized stop words: frequent, carry no topic, and no frequent news word shares their
# spelling (a lone و is the conjunction typed apart).  على is missing on purpose: normalized
# it is علي, the name Ali.
_STOP_WORD_TEXT = "و في من الي عن ان مع هذا هذه ذلك تلك التي الذي الذين او ثم قد كما حيث"
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())

# Broken plurals and spelling variants light stemming cannot join, as (variant, canonical)
# in display spelling; both sides go through normalize and stem below, so the map stays
# consistent with the stemmer.  Only frequent news words whose variant stem means nothing else.
_VARIANTS = (
    ("مدارس", "مدرسة"),
    ("وزراء", "وزير"),
    ("رؤساء", "رئيس"),
    ("مدن", "مدينة"),
    ("جنود", "جندي"),
    ("أطفال", "طفل"),
    ("أخبار", "خبر"),
    ("مصادر", "مصدر"),
    ("قوانين", "قانون"),
    ("شهداء", "شهيد"),
    ("قتلى", "قتيل"),
    ("جرحى", "جريح"),
    ("أحزاب", "حزب"),
    ("أعضاء", "عضو"),
    ("مناطق", "منطقة"),
    ("مشاريع", "مشروع"),
    ("أسلحة", "سلاح"),
    ("حروب", "حرب"),
    ("أسواق", "سوق"),
    ("منازل", "منزل"),
    ("طلاب", "طالب"),
    ("مساجد", "مسجد"),
    ("سفراء", "سفير"),
    ("خبراء", "خبير"),
    ("زعماء", "زعيم"),
    ("شوارع", "شارع"),
    ("أشخاص", "شخص"),
    ("وفود", "وفد"),
    ("وثائق", "وثيقة"),
    ("سوريا", "سورية"),
    ("أميركا", "أمريكا"),
    ("أميركي", "أمريكي"),
    ("غوغل", "جوجل"),
    ("فايسبوك", "فيسبوك"),
)


def stem(token: str) -> str:
    """Strip light10's conjunction, article and suffixes so inflected forms share one term.

    Expects a normalized token; anything that is not purely Arabic comes back unchanged.
    Departs from light10 where docs/arabic.md measured it pays: suffixes come off until none
    applies but leave 3 letters (light10: one pass, 2 letters), so فلسطين/فلسطيني meet while
    مكان/مكة and أمين/أم stay apart; frequent words with a root و keep it; الله stays whole.
    """
    if token in _WHOLE_WORDS:
        return _WHOLE_WORDS[token]
    if not _ARABIC_WORD.fullmatch(token):
        return token
    word = token
    if word[0] == "و" and len(word) > 3 and _strip_suffixes(word) not in _ROOT_WAW:
        word = word[1:]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    return _strip_suffixes(word)


_CANONICAL = {
    stem(normalize(variant)): stem(normalize(canonical)) for variant, canonical in _VARIANTS
}


# News vocabulary is Zipfian: a few thousand tokens make most of every article, so caching
# their terms makes analyze about 4x faster.  Bounded so hostile queries cannot grow it.
@lru_cache(maxsize=16384)
def _term(token: str) -> str:
    term = stem(token)
    return _CANONICAL.get(term, term)


def analyze(text: str) -> list[str]:
    """Turn text into the terms search indexes and queries compare; same at both ends.

    normalize → split → drop stop words → stem → join broken plurals and spelling variants.
    Deterministic and never raises on a str.
    """
    return [_term(token) for token in tokenize(text) if token not in STOP_WORDS]
