"""Pasted HTML is cut down to what the theme renders; dash and underscore lines, as wire
copy writes them, become bulleted lists."""

import pytest

from akhbar.newsroom.sanitize import clean_rich_text

CASES = [
    # Wire copy: an intro line, then lines that start with "_" (one with a leading space).
    (
        "<p>وضمت القافلة:</p><p>_12 شاحنة طحين</p><p> _وصهاريج مياه</p><p>_وسيارتَي إسعاف</p>",
        "<p>وضمت القافلة:</p><ul><li>12 شاحنة طحين</li><li>وصهاريج مياه</li>"
        "<li>وسيارتَي إسعاف</li></ul>",
    ),
    # Dashes inside one paragraph split by soft line breaks; bold kept, mark removed.
    (
        '<p data-block-key="k1">الأسعار اليوم:<br/>- الخبز<br/>- <b>السكر</b><br/>وانتهى.</p>',
        '<p data-block-key="k1">الأسعار اليوم:</p><ul><li>الخبز</li><li><b>السكر</b></li></ul>'
        "<p>وانتهى.</p>",
    ),
    # Editor comments stay anchored: each list item keeps its paragraph's block key.
    (
        '<p data-block-key="a">- أولاً</p><p data-block-key="b">- ثانياً</p>',
        '<ul><li data-block-key="a">أولاً</li><li data-block-key="b">ثانياً</li></ul>',
    ),
    # Bullets and tatweels, as some sites type them, marked once or twice.
    (
        "<p>● تأجيل الامتحانات</p><p>▪ فتح باب التسجيل</p><p>ـــ إعلان النتائج</p>",
        "<ul><li>تأجيل الامتحانات</li><li>فتح باب التسجيل</li><li>إعلان النتائج</li></ul>",
    ),
    # One dash line is a sentence, not a list.
    ("<p>- قال المتحدث إن الاجتماع تأجل.</p>", "<p>- قال المتحدث إن الاجتماع تأجل.</p>"),
    # What the theme renders survives untouched.
    (
        '<p>نص <b>عريض</b> و<i>مائل</i> و<a href="https://example.org/a">رابط</a>.</p>'
        "<blockquote>اقتباس</blockquote><ol><li>أول</li></ol>",
        '<p>نص <b>عريض</b> و<i>مائل</i> و<a href="https://example.org/a">رابط</a>.</p>'
        "<blockquote>اقتباس</blockquote><ol><li>أول</li></ol>",
    ),
    # Wagtail's internal page links keep their link type and id.
    (
        '<p><a linktype="page" id="12">خبر سابق</a></p>',
        '<p><a linktype="page" id="12">خبر سابق</a></p>',
    ),
    # Word's markup: classes, styles, spans, comments, fonts and empty paragraphs go.
    (
        '<p class="MsoNormal" style="direction:rtl"><span lang="AR-SY" style="font-size:14pt">'
        "<font face='Arial'>خبر من وورد</font></span>"
        "<!--[if gte mso 9]><xml></xml><![endif]--></p>",
        "<p>خبر من وورد</p>",
    ),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_clean_rich_text(raw, expected):
    assert clean_rich_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ("<p>x<script>alert(1)</script></p>", "script"),
        ("<style>p{color:red}</style><p>x</p>", "color:red"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "javascript"),
        ('<p><img src="x" onerror="alert(1)"></p>', "img"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ],
)
def test_nothing_that_runs_survives(raw, forbidden):
    assert forbidden not in clean_rich_text(raw)
