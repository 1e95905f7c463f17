"""The reader theme through Django's test client: structure, strict CSP, RTL CSS and budgets."""

from __future__ import annotations

import gzip
import random
import re
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.images import ImageFile
from django.template import engines, loader
from django.utils import timezone
from django.utils.safestring import mark_safe
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from akhbar.core.models import StandardPage
from akhbar.news.models import ArticlePage
from akhbar.news.templatetags.news_tags import embed_info, with_dateline
from tests.factories import make_article, make_author, make_section

STATIC = Path(__file__).resolve().parents[1] / "akhbar" / "static" / "akhbar"
TEMPLATES = Path(__file__).resolve().parents[1] / "akhbar" / "templates"

# Our own sentences, about a town council and its buses.
SENTENCE = (
    "ناقش أعضاء مجلس المدينة في جلستهم المسائية خطة جديدة لتنظيم خطوط الحافلات بين الأحياء "
    "الشرقية ووسط المدينة، واستمعوا إلى آراء السكان الذين اشتكوا من طول الانتظار في المحطات "
    "خلال ساعات الصباح الأولى، ووعد المسؤولون بنشر جدول المواعيد الجديد قبل نهاية الشهر."
)


class PageScan(HTMLParser):
    """Collects what the CSP and accessibility checks look at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts: list[dict] = []
        self._in_script: dict | None = None
        self.h1_count = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "h1":
            self.h1_count += 1
        if tag == "script":
            self._in_script = attributes

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None and data.strip() and "src" not in self._in_script:
            self.inline_scripts.append(self._in_script)


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    return parser


def make_image(title: str = "صورة الخبر", *, size=(1200, 675)):
    buffer = BytesIO()
    PILImage.new("RGB", size, (120, 40, 40)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title,
        description=f"وصف {title}",
        file=ImageFile(buffer, name="photo.jpg"),
        credit="تصوير فريق الاختبار",
    )


def publish(article: ArticlePage, *, first=None, last=None, **fields) -> ArticlePage:
    """Change fields, publish a new revision, and set the publication times readers see."""
    for name, value in fields.items():
        setattr(article, name, value)
    article.save_revision().publish()
    now = timezone.now()
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=first or now, last_published_at=last or first or now
    )
    article.refresh_from_db()
    return article


def varied_paragraphs(count: int, *, words: int = 90) -> list[tuple[str, str]]:
    """Paragraphs of shuffled words, so gzip cannot shrink a repeated sentence to nothing."""
    vocabulary = SENTENCE.replace("،", "").replace(".", "").split()
    shuffle = random.Random(7)  # noqa: S311 - sample text, not a secret
    return [
        ("paragraph", "<p>" + " ".join(shuffle.choices(vocabulary, k=words)) + ".</p>")
        for _ in range(count)
    ]


def long_body(target: ArticlePage, image) -> list[tuple[str, object]]:
    paragraphs = varied_paragraphs(30)
    paragraphs[0] = ("paragraph", f"<p>{SENTENCE}</p>")
    return [
        *paragraphs[:3],
        ("heading", "ماذا يتغير للركاب؟"),
        ("bullets", ["خطوط جديدة إلى الأحياء الشرقية", "حافلات كل عشر دقائق صباحاً"]),
        ("read_also", {"article": target, "label": "إقرأ أيضاً"}),
        *paragraphs[3:15],
        ("quote", {"text": "نريد حافلة تصل في موعدها.", "attribution": "أحد السكان"}),
        ("image", {"image": image, "caption": "محطة الحافلات الرئيسية", "credit": ""}),
        ("fact_box", {"title": "بالأرقام", "body": "<p>اثنا عشر خطاً جديداً.</p>"}),
        ("embed", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
        *paragraphs[15:],
    ]


@pytest.fixture
def site_content(home, section):
    """A small site: two sections, an author with a photo, a long article and its neighbours."""
    economy = make_section(home, "اقتصاد", slug="economy")
    author = make_author("رامي الشامي", slug="rami")
    author.photo = make_image("صورة الكاتب", size=(200, 200))
    author.save()
    image = make_image()
    now = timezone.now()
    older = make_article(
        section,
        "افتتاح مكتبة عامة جديدة في حمص",
        lead_image=image,
        published_at=now - timedelta(hours=5),
    )
    article = make_article(
        section,
        "مجلس المدينة يناقش خطة النقل الجديدة",
        dek="نقاش طويل حول الحافلات الجديدة ومواعيدها.",
        dateline="دمشق",
        authors=[author],
        tags=["النقل", "المدينة"],
        source_name="وكالة الأنباء المحلية",
        source_url="https://example.org/news/1",
        lead_image=image,
        urgency="breaking",
    )
    article = publish(
        article,
        body=long_body(older, image),
        first=now - timedelta(hours=2),
        last=now - timedelta(minutes=10),
    )
    newer = make_article(section, "بلدية حلب تفتح حديقة جديدة", published_at=now)
    other = make_article(economy, "أسعار الخضار في الأسواق", tags=["النقل"], lead_image=image)
    StandardPage_ = home.add_child(
        instance=StandardPage(title="من نحن", slug="about", body="<p>موقع إخباري مستقل.</p>")
    )
    StandardPage_.save_revision().publish()
    return {
        "section": section,
        "economy": economy,
        "author": author,
        "article": article,
        "older": older,
        "newer": newer,
        "other": other,
        "standard": StandardPage_,
    }


def reader_urls(content) -> list[str]:
    year = timezone.localdate().year
    month = timezone.localdate().month
    day = timezone.localdate().day
    return [
        "/",
        content["section"].url,
        content["article"].url,
        content["older"].url,
        "/tags/النقل/",
        "/authors/rami/",
        f"/archive/{year}/",
        f"/archive/{year}/{month}/",
        f"/archive/{year}/{month}/{day}/",
        content["standard"].url,
        "/no-such-page/",
    ]


@pytest.mark.django_db
def test_every_reader_page_is_rtl_with_one_h1_and_a_skip_link(client, site_content):
    for url in reader_urls(site_content):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        html = response.content.decode()
        assert '<html lang="ar" dir="rtl"' in html, url
        assert 'class="skip-link" href="#main">انتقل إلى المحتوى</a>' in html, url
        assert 'id="main"' in html, url
        assert scan(html).h1_count == 1, url
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in html, (url, landmark)
        assert 'dir="auto"' in html, url


@pytest.mark.django_db
def test_reader_pages_satisfy_the_strict_csp(client, site_content):
    for url in reader_urls(site_content):
        html = client.get(url).content.decode()
        page = scan(html)
        for tag, attrs in page.tags:
            assert "style" not in attrs, (url, tag, attrs)
            handlers = [name for name in attrs if name.startswith("on")]
            assert not handlers, (url, tag, handlers)
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/ld+json", (url, attrs)
            if tag in {"link", "script", "img", "source"}:
                for name in ("src", "href", "srcset"):
                    for candidate in re.findall(r"https?://[^\s,\"]+", attrs.get(name) or ""):
                        assert urlsplit(candidate).hostname == "testserver", (url, tag, candidate)
        assert not page.inline_scripts or all(
            attrs.get("type") == "application/ld+json" for attrs in page.inline_scripts
        ), url
        assert "<style" not in html, url


@pytest.mark.django_db
def test_article_shows_its_parts_in_reading_order(client, site_content):
    article = site_content["article"]
    html = client.get(article.url).content.decode()
    assert html.count(f"{article.title}</h1>") == 1
    assert f'data-article-id="{article.pk}"' in html
    assert 'aria-label="مسار التصفح"' in html
    assert f'href="{site_content["section"].url}">{site_content["section"].title}</a>' in html
    # The dateline opens the first paragraph.
    assert '<p><b class="dateline">دمشق -</b> ناقش أعضاء' in html
    assert "<bdi>رامي الشامي</bdi>" in html
    assert "آخر تحديث" in html
    assert "للقراءة" in html or "دقيقة" in html or "دقائق" in html
    # Read-also card: label, the linked headline, a small image, and the inline-start line (CSS).
    card = re.search(r'<aside class="read-also".*?</aside>', html, re.S)
    assert card, "read-also card missing"
    assert site_content["older"].url in card.group(0)
    assert site_content["older"].title in card.group(0)
    assert "إقرأ أيضاً" in card.group(0)
    assert "<img" in card.group(0)
    # Source attribution, set apart, linked.
    source = re.search(r'<p class="source">.*?</p>', html, re.S)
    assert source and "وفقاً لـ" in source.group(0)
    assert 'href="https://example.org/news/1"' in source.group(0)
    assert "وكالة الأنباء المحلية" in source.group(0)
    assert "/tags/%D8%A7%D9%84%D9%86%D9%82%D9%84/" in html or "/tags/النقل/" in html
    assert "أخبار ذات صلة" in html
    assert site_content["newer"].url in html and 'rel="next"' in html
    assert 'rel="prev"' not in html or site_content["older"].url in html
    # The lead image is the only eager one.
    images = [attrs for tag, attrs in scan(html).tags if tag == "img"]
    eager = [attrs for attrs in images if attrs.get("loading") != "lazy"]
    assert len(eager) == 1 and eager[0].get("fetchpriority") == "high"
    assert all(attrs.get("alt") is not None for attrs in images)
    assert all(attrs.get("width") and attrs.get("height") for attrs in images)
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    # Videos are a link until the reader asks; the iframe host is one the CSP allows.
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in html
    assert "<iframe" not in html
    assert 'class="print-url"' in html


@pytest.mark.django_db
def test_share_links_are_plain_encoded_urls(client, site_content):
    article = site_content["article"]
    html = client.get(article.url).content.decode()
    absolute = f"http://testserver{article.url}"
    hrefs = re.findall(r'class="share-link share-link--(\w+)" href="([^"]+)"', html)
    links = dict(hrefs)
    assert set(links) >= {"whatsapp", "telegram", "facebook", "x"}
    unescape = lambda href: href.replace("&amp;", "&")  # noqa: E731
    telegram = parse_qs(urlsplit(unescape(links["telegram"])).query)
    assert urlsplit(links["telegram"]).netloc == "t.me"
    assert telegram["url"] == [absolute] and telegram["text"] == [article.title]
    assert parse_qs(urlsplit(unescape(links["facebook"])).query)["u"] == [absolute]
    assert parse_qs(urlsplit(unescape(links["x"])).query)["url"] == [absolute]
    assert absolute in parse_qs(urlsplit(unescape(links["whatsapp"])).query)["text"][0]
    assert links["whatsapp"].startswith("https://wa.me/?text=")
    # The copy button is hidden until site.js finds a clipboard.
    assert re.search(
        r'<button class="share-link share-copy" type="button" data-copy-url="[^"]+" hidden>', html
    )


@pytest.mark.django_db
def test_ticker_label_follows_the_items(client, section):
    # An empty slot stays, for site.js to fill from the ticker fragment: no label, no items.
    assert 'class="ticker-label"' not in client.get("/").content.decode()
    make_article(section, "ارتفاع منسوب مياه النهر", urgency="hot")
    html = client.get("/").content.decode()
    assert '<h2 class="ticker-label" id="ticker-label">أخبار ساخنة</h2>' in html
    make_article(section, "انقطاع الكهرباء في المدينة", urgency="breaking")
    html = client.get("/").content.decode()
    assert '<h2 class="ticker-label" id="ticker-label">عاجل</h2>' in html
    assert "ارتفاع منسوب مياه النهر" in html


@pytest.mark.django_db
def test_home_has_lead_latest_sections_and_footer(client, site_content):
    html = client.get("/").content.decode()
    assert "آخر الأخبار" in html
    assert ">المزيد<" in html
    assert 'class="card card--lead"' in html
    assert 'fetchpriority="high"' in html
    assert 'class="ph"' in html  # articles without an image get the placeholder
    assert 'class="site-footer"' in html


@pytest.mark.django_db
def test_lists_paginate_with_arabic_labels(client, section, settings):
    settings.AKHBAR_PAGE_SIZE = 2
    for number in range(5):
        make_article(section, f"خبر القائمة {number}")
    first = client.get(section.url).content.decode()
    assert 'rel="next" href="?page=2"' in first and "التالي" in first
    second = client.get(section.url + "?page=2").content.decode()
    assert 'rel="prev" href="?page=1"' in second and "السابق" in second


def test_500_page_renders_without_context_or_database():
    html = loader.get_template("500.html").render()
    assert '<html lang="ar" dir="rtl"' in html
    assert "{%" not in (TEMPLATES / "500.html").read_text()
    assert "<script" not in html and " style=" not in html


def test_dateline_goes_inside_the_first_paragraph():
    text = RichText("<p>نص</p><p>ثانية</p>")
    assert with_dateline(text, "حمص") == '<p><b class="dateline">حمص -</b> نص</p><p>ثانية</p>'
    assert with_dateline(text, "") == "<p>نص</p><p>ثانية</p>"
    assert with_dateline(mark_safe("<p>x</p>"), "<i>") == (
        '<p><b class="dateline">&lt;i&gt; -</b> x</p>'
    )
    assert with_dateline(mark_safe("<h2>x</h2>"), "حمص") == (
        '<p><b class="dateline">حمص -</b> </p><h2>x</h2>'
    )


@pytest.mark.parametrize(
    ("url", "frame"),
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        ("https://youtu.be/aqz-KE-bpKQ?t=3", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        (
            "https://m.youtube.com/shorts/aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ('https://www.youtube.com/watch?v=bad"id', ""),
        ("https://x.com/someone/status/1", ""),
    ],
)
def test_embeds_only_frame_hosts_the_csp_allows(url, frame):
    assert embed_info(url).frame_src == frame


def test_embed_rejects_non_http_urls():
    assert embed_info("javascript:alert(1)") is None


def css_text() -> str:
    return re.sub(r"/\*.*?\*/", "", (STATIC / "css" / "site.css").read_text(), flags=re.S)


def test_css_uses_logical_properties_only():
    css = css_text()
    physical = re.findall(
        r"(?<![\w-])(?:(?:margin|padding|border|inset)-(?:left|right)[\w-]*|left|right)\s*:", css
    )
    assert physical == []
    assert re.findall(r"(?:float|clear|text-align)\s*:\s*(?:left|right)", css) == []
    assert "letter-spacing" not in css and "text-transform" not in css


def test_css_has_fonts_dark_scheme_reduced_motion_and_print():
    css = css_text()
    assert css.count("font-display: swap") == css.count("@font-face") >= 2
    assert css.count("unicode-range") == css.count("@font-face")
    assert "prefers-color-scheme: dark" in css
    assert "prefers-reduced-motion: reduce" in css
    assert "@media print" in css
    assert "http://" not in css and "https://" not in css


def test_weight_budgets_of_css_js_and_fonts():
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "js" / "site.js").read_bytes()
    fonts = list((STATIC / "fonts").glob("*.woff2"))
    assert len(gzip.compress(css)) < 20_000
    assert len(js) < 10_000
    assert fonts and sum(font.stat().st_size for font in fonts) < 120_000
    assert list((STATIC / "fonts").glob("OFL*.txt"))


@pytest.mark.django_db
def test_long_article_html_stays_under_30_kb_gzipped(client, site_content):
    article = site_content["article"]
    html = client.get(article.url).content
    assert article.word_count() > 2000
    assert len(gzip.compress(html)) < 30_000


def test_templates_never_inline_style_or_handlers():
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text()
        assert not re.search(r"\sstyle=", source), path
        assert not re.search(r"\son[a-z]+=", source), path
        assert "<style" not in source, path
        engines["django"].from_string(source)  # every template at least parses
