"""Script payloads typed or pasted into every field an editor fills come out inert on the
reader site: shown as text, never as markup that runs."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from akhbar.core.models import NewsImage
from akhbar.news.models import ArticlePage
from akhbar.newsroom.sanitize import clean_rich_text
from tests.newsroom.support import article_form_data
from tests.newsroom.test_images import photo

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('XSS')</script>"
IMG = "<img src=x onerror=alert('XSS')>"
BREAKOUT = "\"'><svg onload=alert('XSS')>"
PASTED = (
    "<p style='color:red' onclick=\"alert('XSS')\">فقرة ملصوقة من موقع آخر"
    f"{SCRIPT}<a href=\"javascript:alert('XSS')\">رابط</a></p>"
    "<style>body{display:none}</style><iframe src='https://evil.example'></iframe>"
)


class Markup(HTMLParser):
    """Everything in a page that could run: event attributes, script URLs, script bodies
    (JSON-LD data blocks apart: they never run, but must not break out of their element)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.scripts: list[str] = []
        self.data_blocks: list[str] = []
        self._in_script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:text")):
                self.script_urls.append(f"{tag} {name}={value}")
        if tag == "script":
            is_data = dict(attrs).get("type") == "application/ld+json"
            self._in_script = self.data_blocks if is_data else self.scripts
            self._in_script.append("")

    def handle_endtag(self, tag):
        self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[-1] += data


def assert_inert(html: str) -> None:
    markup = Markup()
    markup.feed(html)
    assert markup.handlers == []
    assert markup.script_urls == []
    assert not any("XSS" in script for script in markup.scripts)
    for block in markup.data_blocks:
        assert "<" not in block
        json.loads(block)


@pytest.fixture
def hostile_article(client, editor, desk) -> ArticlePage:
    client.force_login(editor)
    upload = {
        "title": f"صورة {SCRIPT}",
        "description": f"وصف {IMG}",
        "caption": f"تعليق {BREAKOUT}",
        "credit": f"مصدر {SCRIPT}",
        "collection": 1,
        "tags": "",
        "file": photo(),
    }
    client.post(reverse("wagtailimages:add"), upload)
    image = NewsImage.objects.get()
    body = [
        ("paragraph", PASTED),
        ("heading", f"عنوان فرعي {SCRIPT}"),
        ("quote", {"text": f"اقتباس {IMG}", "attribution": f"قائل {BREAKOUT}"}),
        ("bullets", {"count": "1", "0": {"value": f"سطر {SCRIPT}", "deleted": "", "order": "0"}}),
        # Once with the library's caption and credit, once with the article's own.
        ("image", {"image": image.pk, "caption": "", "credit": ""}),
        ("image", {"image": image.pk, "caption": f"تعليق {IMG}", "credit": f"مصدر {BREAKOUT}"}),
        ("fact_box", {"title": f"حقائق {SCRIPT}", "body": rich_text(PASTED)}),
    ]
    data = article_form_data(
        f"عنوان {SCRIPT}",
        body=body,
        dek=f"موجز {IMG}",
        dateline=f"دمشق {BREAKOUT}",
        lead_image=image.pk,
        lead_image_caption=f"تعليق {SCRIPT}",
        lead_image_credit=f"مصدر {IMG}",
        source_name=f"وكالة {SCRIPT}",
        source_url="https://example.org/news?id=1&q=\"><script>alert('XSS')</script>",
        tags=f"وسم{BREAKOUT}",
        seo_title=f"سيو {SCRIPT}",
        search_description=f"وصف {BREAKOUT}",
        **{"action-publish": "1"},
    )
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", desk.pk))
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    article = ArticlePage.objects.get(live=True)
    assert article.title == f"عنوان {SCRIPT}", "titles are stored as typed and escaped on output"
    return article


def test_payloads_are_inert_on_the_article_page(client, hostile_article):
    html = client.get(hostile_article.url).content.decode()
    assert_inert(html)
    assert "&lt;script&gt;alert(" in html, "the typed text is shown, escaped"
    assert "تعليق &quot;&#x27;&gt;&lt;svg" in html, "the library caption is shown, escaped"
    assert "فقرة ملصوقة من موقع آخر" in html, "pasted text survives without its markup"
    assert "<iframe src='https://evil.example'" not in html
    assert "<style" not in html


@pytest.mark.parametrize("where", ["home", "section", "tag"])
def test_payloads_are_inert_in_lists_and_ticker(client, hostile_article, desk, where):
    ArticlePage.objects.filter(pk=hostile_article.pk).update(urgency="breaking")
    tag = hostile_article.tags.order_by("name").first()
    url = {"home": "/", "section": desk.url, "tag": f"/tags/{tag.slug}/"}
    response = client.get(url[where])
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_pasted_html_is_cleaned_before_it_is_stored(hostile_article):
    rich_texts = [
        block["value"] if block["type"] == "paragraph" else block["value"]["body"]
        for block in hostile_article.body.raw_data
        if block["type"] in ("paragraph", "fact_box")
    ]
    assert len(rich_texts) == 2
    for html in rich_texts:
        assert "فقرة ملصوقة من موقع آخر" in html
        for dangerous in ("<script", "onclick", "javascript:", "<style", "<iframe", "style="):
            assert dangerous not in html


def test_javascript_source_links_are_refused(client, editor, desk):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", desk.pk))
    data = article_form_data(
        "خبر", source_name="وكالة", source_url="javascript:alert('XSS')", **{"action-publish": "1"}
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "source_url" in response.context["form"].errors


@pytest.mark.parametrize(
    "raw",
    [
        SCRIPT,
        IMG,
        PASTED,
        "<p><a href='JaVaScRiPt:alert(1)'>x</a></p>",
        "<p><a href='&#106;avascript:alert(1)'>x</a></p>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<p>- <b onmouseover='alert(1)'>سطر</b></p><p>- سطر</p>",
    ],
)
def test_sanitizer_leaves_nothing_that_runs(raw):
    assert_inert(clean_rich_text(raw))
