"""Bodies from any source to blocks: structure typed as text, HTML, and what never survives."""

import pytest
from wagtail.rich_text import get_text_for_indexing

from akhbar.importers.html import (
    Bullets,
    Embed,
    FactBox,
    Figure,
    Heading,
    Paragraph,
    Quote,
    ReadAlso,
    link_pages,
    looks_like_html,
    paragraph_text,
    parse_body,
    sanitize,
    stream_data,
)
from akhbar.importers.records import BodyFormat, ImageRef, InvalidRecord

TEXT, HTML = BodyFormat.TEXT, BodyFormat.HTML


def blocks(body: str, body_format: BodyFormat = TEXT, **kwargs) -> tuple:
    return parse_body(body, body_format, **kwargs).blocks


TEXT_CASES = [
    (
        "فقرة أولى.\n\nفقرة ثانية\nبسطرين.",
        (Paragraph("<p>فقرة أولى.</p>"), Paragraph("<p>فقرة ثانية<br>بسطرين.</p>")),
    ),
    (
        # The seed site's way: "_" lines, blank lines between them, a stray leading space.
        "وضمت القافلة:\n\n_4 عربات نقل..\n\n _وعربات مزودة بمعدات..\n\n_و6 حافلات.",
        (
            Paragraph("<p>وضمت القافلة:</p>"),
            Bullets(("4 عربات نقل..", "وعربات مزودة بمعدات..", "و6 حافلات.")),
        ),
    ),
    ("- أول\n- ثان\nنص بعدها", (Bullets(("أول", "ثان")), Paragraph("<p>نص بعدها</p>"))),
    ("• أول\n• ثان", (Bullets(("أول", "ثان")),)),
    ("ـ أول\nـ ثان", (Bullets(("أول", "ثان")),)),
    # One dash-led line is a sentence, not a list.
    ("- 5 درجات تحت الصفر الليلة", (Paragraph("<p>- 5 درجات تحت الصفر الليلة</p>"),)),
    ("الحرارة < 5 & الرياح", (Paragraph("<p>الحرارة &lt; 5 &amp; الرياح</p>"),)),
    (
        "https://www.youtube.com/watch?v=Zq2mKx7aB1c",
        (Embed("https://www.youtube.com/watch?v=Zq2mKx7aB1c"),),
    ),
    ("https://example.org/مقال", (Paragraph("<p>https://example.org/مقال</p>"),)),
]


@pytest.mark.parametrize(("body", "expected"), TEXT_CASES)
def test_plain_text_structure(body, expected):
    assert blocks(body) == expected


READ_ALSO_CASES = [
    ("إقرأ أيضا..روسيا تقدم عرضاً جديداً", "إقرأ أيضا", "روسيا تقدم عرضاً جديداً"),
    ("اقرأ أيضاً: افتتاح مكتبة عامة في حمص", "اقرأ أيضاً", "افتتاح مكتبة عامة في حمص"),
    ("اقرأ ايضا - مهرجان الكتاب يعود...", "اقرأ ايضا", "مهرجان الكتاب يعود"),
    ("إقرأ أيضًا افتتاح جسر جديد", "إقرأ أيضًا", "افتتاح جسر جديد"),
]


@pytest.mark.parametrize(("line", "label", "title"), READ_ALSO_CASES)
def test_read_also_lines_name_their_target(line, label, title):
    (block,) = blocks(line)
    assert isinstance(block, ReadAlso)
    assert (block.label, block.title, block.href) == (label, title, "")
    assert block.fallback_html == f"<p>{line}</p>"


def test_read_also_link_in_html_keeps_the_address():
    html = '<p>اقرأ أيضاً: <a href="/local/khabar/">خبر آخر</a></p>'
    (block,) = blocks(html, HTML)
    assert block == ReadAlso("اقرأ أيضاً", "/local/khabar/", "خبر آخر", html)


SOURCE_CASES = [
    ("نقلاً عن وكالة الأنباء المحلية.", "وكالة الأنباء المحلية"),
    ("وفقاً لـ موقع الحي اليوم", "موقع الحي اليوم"),
    ("وفقًا لـ«إذاعة المدينة»", "إذاعة المدينة"),
    ("وفقا لوكالة الأنباء المحلية", "وكالة الأنباء المحلية"),
    ("المصدر: صحيفة الصباح", "صحيفة الصباح"),
]


@pytest.mark.parametrize(("line", "name"), SOURCE_CASES)
def test_a_source_line_becomes_the_source_and_leaves_the_text(line, name):
    parsed = parse_body(f"نص الخبر.\n\n{line}", TEXT)
    assert parsed.blocks == (Paragraph("<p>نص الخبر.</p>"),)
    assert parsed.source_name == name


def test_a_source_line_with_a_link_gives_the_url():
    parsed = parse_body(
        '<p>نص.</p><p>وفقاً لـ <a href="https://sana.example/1">وكالة سانا</a></p>', HTML
    )
    assert (parsed.source_name, parsed.source_url) == ("وكالة سانا", "https://sana.example/1")


def test_an_explicit_source_wins_and_other_attributions_stay_in_the_text():
    body = "نص.\n\nنقلاً عن وكالة أخرى.\n\nنقلاً عن الوكالة الرسمية."
    parsed = parse_body(body, TEXT, source_name="الوكالة الرسمية")
    assert parsed.source_name == ""
    assert parsed.blocks == (Paragraph("<p>نص.</p>"), Paragraph("<p>نقلاً عن وكالة أخرى.</p>"))


def test_a_quoted_source_inside_a_sentence_is_taken_but_the_sentence_stays():
    line = "وضمت القافلة، وفقا لـ”موقع تلفزيون الحي”، عشر عربات."
    parsed = parse_body(line, TEXT)
    assert parsed.source_name == "موقع تلفزيون الحي"
    assert parsed.blocks == (Paragraph(f"<p>{line}</p>"),)


def test_a_long_sentence_starting_like_an_attribution_is_text():
    line = "نقلاً عن مصادر محلية، قال الأهالي إن الطريق أغلق منذ الصباح بسبب الثلوج الكثيفة."
    assert parse_body(line, TEXT).source_name == ""


def test_html_structure_becomes_blocks():
    html = (
        "<div>سطر<br>ثان<br><br>فقرة <strong>ثانية</strong> <em>مائلة</em></div>"
        "<h3>عنوان فرعي</h3>"
        "<ul><li>أ</li><li>ب<ul><li>ج</li></ul></li></ul>"
        '<ol><li>أول</li><li><a href="https://example.org/2">ثان</a></li></ol>'
        "<blockquote><p>قول مأثور</p><p>بسطرين</p><cite>— فلان</cite></blockquote>"
        '<figure><img src="/media/original_images/a.jpg" alt="وصف">'
        "<figcaption>تعليق <small>تصوير: س</small></figcaption></figure>"
        '<iframe src="https://www.youtube.com/embed/Zq2mKx7aB1c"></iframe>'
        '<blockquote class="twitter-tweet"><p>تغريدة</p><a href="https://x.com/a/status/1">1</a></blockquote>'
        "<aside><h3>حقائق</h3><p>أ</p><ul><li>1</li><li>2</li></ul></aside>"
        '<figure class="embed"><a href="https://vimeo.com/123">https://vimeo.com/123</a></figure>'
    )
    assert blocks(html, HTML) == (
        Paragraph("<p>سطر<br>ثان</p>"),
        Paragraph("<p>فقرة <b>ثانية</b> <i>مائلة</i></p>"),
        Heading("عنوان فرعي"),
        Bullets(("أ", "ب", "ج")),
        Paragraph('<ol><li>أول</li><li><a href="https://example.org/2">ثان</a></li></ol>'),
        Quote("قول مأثور\nبسطرين", "فلان"),
        Figure(ImageRef("/media/original_images/a.jpg", "وصف", "تعليق", "تصوير: س")),
        Embed("https://www.youtube.com/watch?v=Zq2mKx7aB1c"),
        Embed("https://x.com/a/status/1"),
        FactBox("حقائق", "<p>أ</p><ul><li>1</li><li>2</li></ul>"),
        Embed("https://vimeo.com/123"),
    )


def test_blogger_markup_lines_and_bullets():
    html = (
        "<div>وضمت القافلة:</div><div><br /></div><div>_4 عربات..</div><div>_6 حافلات.</div>"
        "<div><br /></div><div>&nbsp;</div><div>وانتهت الجولة.</div>"
    )
    assert blocks(html, HTML) == (
        Paragraph("<p>وضمت القافلة:</p>"),
        Bullets(("4 عربات..", "6 حافلات.")),
        Paragraph("<p>وانتهت الجولة.</p>"),
    )


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<style>*{}</style>",
    '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    "<object data=x></object><embed src=x>",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_comes_out_inert(payload):
    parsed = parse_body(f"<p>نص آمن.</p>{payload}", HTML)
    stored = " ".join(
        block.html if isinstance(block, Paragraph) else repr(block) for block in parsed.blocks
    ).lower()
    for sign in ("<script", "onerror", "onload", "onclick", "javascript:", "style=", "data:text"):
        assert sign not in stored, (payload, stored)


def test_sanitizer_keeps_only_what_the_reader_understands():
    assert (
        sanitize('<p class="x" id="y">نص <span style="color:red">ملون</span></p>')
        == "<p>نص ملون</p>"
    )


@pytest.mark.parametrize(
    "body", ["<script>alert(1)</script>", "<p> &nbsp; </p>", "<style>p{}</style>"]
)
def test_a_body_with_nothing_left_is_refused(body):
    with pytest.raises(InvalidRecord, match="no text left"):
        parse_body(body, HTML)


def test_format_detection():
    assert looks_like_html("<p>نص</p>")
    assert looks_like_html("سطر<br>سطر")
    assert looks_like_html("<script>alert(1)</script>")
    assert not looks_like_html("الحرارة < 5 درجات و > 2")


def test_stream_data_resolves_links_and_images():
    parsed = parse_body(
        '<p>نص.</p><p>إقرأ أيضاً: <a href="/a/">موجود</a></p><p>إقرأ أيضاً: مفقود</p>'
        '<img src="/media/original_images/ours.jpg"><img src="https://cdn.example.org/theirs.jpg">',
        HTML,
    )
    data = stream_data(
        parsed,
        find_article=lambda href, title: 7 if href == "/a/" else None,
        find_image=lambda ref: 3 if ref.src.startswith("/media/") else None,
    )
    assert [(block["type"], block["value"]) for block in data.blocks] == [
        ("paragraph", "<p>نص.</p>"),
        ("read_also", {"article": 7, "label": "إقرأ أيضاً"}),
        ("paragraph", "<p>إقرأ أيضاً: مفقود</p>"),
        ("image", {"image": 3, "caption": "", "credit": ""}),
    ]
    assert data.remote_images == (ImageRef("https://cdn.example.org/theirs.jpg"),)
    assert len({block["id"] for block in data.blocks}) == 4


PARAGRAPH_BODIES = [
    ("سطر أول\nسطر ثانٍ بعده  \n\n  فقرة: x < 5 و y > 3 & «اقتباس» 'مفرد' \"مزدوج\"", TEXT),
    (
        '<p>افتتح <b>السوق</b> &amp; <i>المعرض</i>&nbsp;اليوم<br/>وقال <a href="https://example.org'
        "/s?a=1&amp;b='2'\">المسؤول</a> &lt;نعم&gt; &#1575;</p><div>سطر<br>آخر</div>",
        HTML,
    ),
    ('<p><a href="https://old.example.org/news/12">خبر قديم</a> في سطر</p>', HTML),
]


@pytest.mark.parametrize(("body", "body_format"), PARAGRAPH_BODIES)
def test_paragraph_text_is_wagtails_indexing_text(body, body_format):
    paragraphs = [b.html for b in blocks(body, body_format) if isinstance(b, Paragraph)]
    relinked = [
        link_pages(markup, lambda href: 7 if "old." in href else None) for markup in paragraphs
    ]
    assert paragraphs
    for markup in [*paragraphs, *relinked]:
        text = paragraph_text(markup)
        assert text is not None
        assert text == get_text_for_indexing(markup)


@pytest.mark.parametrize(
    "markup", ["<p>أ</p><p>ب</p>", "<h2>عنوان</h2>", '<p><a href="x" class="y">ب</a></p>']
)
def test_paragraph_text_leaves_other_markup_to_wagtail(markup):
    assert paragraph_text(markup) is None
