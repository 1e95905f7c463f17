"""Links in bodies to the old site's addresses end up at the new pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from akhbar.importers.links import host_names, old_site_path
from akhbar.importers.records import ArticleRecord, SectionRef
from akhbar.news.models import ArticlePage

pytestmark = pytest.mark.django_db

HOSTS = host_names(["Old.Example.com"])
FIRST = "https://old.example.com/2021/01/first.html"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://old.example.com/2021/01/first.html", "/2021/01/first.html"),
        ("http://WWW.old.example.com/2021/01/first.html?m=1#c5", "/2021/01/first.html"),
        ("https://old.example.com/2021/01/first.html?m=0", "/2021/01/first.html"),
        ("https://elsewhere.example/2021/01/first.html", None),
        ("mailto:a@old.example.com", None),
    ],
)
def test_old_site_paths(href, expected):
    assert old_site_path(href, HOSTS) == expected


def record(title: str, body: str, **fields) -> ArticleRecord:
    return ArticleRecord(
        title=title,
        body=body,
        section=SectionRef("محليات"),
        published=datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Damascus")),
        **fields,
    )


def test_links_to_items_of_the_run_are_rewritten_even_forward(run_records):
    second = "https://old.example.com/2021/02/second.html"
    report = run_records(
        [
            record(
                "الخبر الأول",
                f'<p>تابع <a href="{second}?m=1">الخبر الثاني</a> و'
                '<a href="https://old.example.com/2019/gone.html">القديم</a>.</p>',
                guid="1",
                old_urls=(FIRST,),
            ),
            record(
                "الخبر الثاني", "<p>نص الخبر الثاني بلا روابط.</p>", guid="2", old_urls=(second,)
            ),
            record(
                "الخبر الثالث",
                f'<p>إقرأ أيضاً: <a href="{FIRST}">الخبر الأول</a></p><p>نص.</p>',
                guid="3",
            ),
        ],
        batch_size=1,
        old_hosts=frozenset({"www.old.example.com"}),
    )
    first, second_page, third = (
        ArticlePage.objects.get(title=title)
        for title in ("الخبر الأول", "الخبر الثاني", "الخبر الثالث")
    )
    paragraph = first.body[0].value.source
    assert f'linktype="page" id="{second_page.pk}"' in paragraph
    assert "https://old.example.com/2019/gone.html" in paragraph
    assert third.body[0].block_type == "read_also"
    assert third.body[0].value["article"].pk == first.pk
    assert (report.links_rewritten, report.links_left) == (2, 1)
    # The revision (what the admin edits) holds the rewritten body too.
    revised = first.latest_revision.content["body"]
    assert f'id=\\"{second_page.pk}\\"' in revised
    assert paragraph.split("<a")[0].removeprefix("<p>") in revised  # Arabic as it is
