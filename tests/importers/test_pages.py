"""Imported articles on the reader site and in the admin; hostile markup stays inert."""

from html.parser import HTMLParser

import pytest

from akhbar.news.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db

WATER = "انقطاع المياه عن أحياء شرق حلب لمدة يومين"
BRIDGE = "بلدية حلب تفتتح جسراً جديداً فوق نهر قويق"


class Audit(HTMLParser):
    """Everything a browser would run or follow: attributes and script contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts.append(data)


def test_imported_articles_render_with_their_blocks_and_source(import_file, client):
    import_file("articles.jsonl")
    for page in ArticlePage.objects.live():
        assert client.get(page.url).status_code == 200, page.title
    for section in SectionPage.objects.all():
        assert client.get(section.url).status_code == 200
    assert client.get("/tags/حلب/").status_code == 200

    html = client.get(ArticlePage.objects.get(title=WATER).url).content.decode()
    assert 'class="read-also"' in html and BRIDGE in html
    assert "المؤسسة العامة لمياه الشرب" in html
    bridge = client.get(ArticlePage.objects.get(title=BRIDGE).url).content.decode()
    assert '<ul class="bullets"><li>جسراً بطول 120 متراً..</li>' in bridge


def test_hostile_markup_ends_up_inert_on_the_reader_page(import_file, client):
    report = import_file("hostile.jsonl")
    assert (report.created, report.failed) == (2, 0)
    urls = ["/", *(page.url for page in ArticlePage.objects.all())]
    urls += [section.url for section in SectionPage.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        audit = Audit()
        audit.feed(response.content.decode())
        for tag, name, value in audit.attributes:
            assert not name.startswith("on"), (url, tag, name, value)
            assert "alert(" not in value, (url, tag, name, value)
            assert not value.strip().lower().startswith(("javascript:", "data:text")), value
        assert not any("alert(" in script for script in audit.scripts), url
    # Plain-text fields lose their markup (and what a script would have run) on the way in.
    assert set(ArticlePage.objects.values_list("title", "dek")) == {
        ("عنوان فيه شيفرة", "موجز"),
        ("نص عادي فيه أقواس زاوية", ""),
    }
    text = ArticlePage.objects.get(title="نص عادي فيه أقواس زاوية")
    assert "&lt;script&gt;alert(" in client.get(text.url).content.decode()


def test_the_admin_edits_an_imported_article(import_file, admin_client):
    import_file("articles.jsonl")
    page = ArticlePage.objects.get(title=WATER)
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert WATER in response.content.decode()
