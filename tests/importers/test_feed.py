"""`akhbar import feed`: RSS and Atom items from a file or a (local) server, and on a timer."""

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from akhbar.importers.records import ArticleRecord, Failure
from akhbar.importers.schedule import FeedTimer, ScheduledFeed, scheduled_feeds
from akhbar.importers.sources.feed import FeedSource
from akhbar.news.models import ArticlePage
from tests.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db

FEEDS = FIXTURES / "feed"


def import_feed(location: str, *options: str) -> str:
    out = StringIO()
    call_command("import", "feed", location, *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def row(output: str, outcome: str) -> int:
    """The count in the report's table row for `outcome` ("created", "failed" ...)."""
    line = next(line for line in output.splitlines() if f"│ {outcome} " in line)
    return int(line.split("│")[2].strip().replace(",", ""))


def test_rss_items_become_articles_credited_to_the_agency(home):
    output = import_feed(str(FEEDS / "wire-rss.xml"), "--section", "دولي")

    assert (row(output, "created"), row(output, "failed")) == (3, 3)
    article = ArticlePage.objects.get(title="افتتاح معبر تجاري جديد على الحدود الشرقية")
    assert article.get_parent().title == "دولي"
    assert article.source_name == "وكالة أنباء البادية"
    assert article.source_url == "https://badia-news.example/news/2026/01/border-crossing"
    assert article.first_published_at == datetime(2026, 1, 12, 7, 15, tzinfo=UTC)
    assert article.dek == "افتتحت السلطات المحلية معبراً تجارياً جديداً لتسهيل نقل البضائع."
    assert sorted(article.tags.names()) == ["اقتصاد", "معابر"]
    assert [a.author.name for a in article.article_authors.all()] == ["نادر الخطيب"]
    body = str(article.body)
    assert "ستخفض كلفة نقل البضائع الزراعية" in body
    assert "alert" not in body
    # Escaped HTML in a description, and the name inside an RSS <author> address.
    river = ArticlePage.objects.get(title="ارتفاع منسوب نهر الفرات بعد أسبوع من الأمطار")
    assert [block.block_type for block in river.body] == ["paragraph", "paragraph"]
    assert [a.author.name for a in river.article_authors.all()] == ["قسم الأخبار المحلية"]


def test_a_bad_item_is_named_and_the_others_are_read():
    options = {"file": str(FEEDS / "wire-rss.xml"), "section": "دولي", "source_name": ""}
    with FeedSource(options, time_zone=UTC) as source:
        entries = list(source.records())

    failures = {entry.location: entry.reason for entry in entries if isinstance(entry, Failure)}
    assert failures == {
        "entry 3 (line 33)": "no publication date (pubDate)",
        "entry 4 (line 39)": "date is neither RFC 822 nor ISO 8601: 'الأحد الماضي'",
        "entry 5 (line 45)": "source url is not an http(s) address: 'javascript:alert(1)'",
    }
    assert [entry.guid for entry in entries if isinstance(entry, ArticleRecord)] == [
        "badia-2026-0112-01",
        "https://badia-news.example/news/2026/01/euphrates-level",
        "badia-2026-0110-12",
    ]


def test_atom_entries_with_html_xhtml_and_text_content(home):
    output = import_feed(
        str(FEEDS / "partner-atom.xml"), "--section", "محليات", "--source-name", "الساحل"
    )

    assert row(output, "created") == 3
    port = ArticlePage.objects.get(title="ميناء اللاذقية يستقبل أول سفينة حاويات هذا العام")
    assert port.source_name == "الساحل"
    assert port.source_url == "https://sahel-paper.example/2026/01/port-ship"
    assert port.last_published_at == datetime(2026, 1, 13, 7, 30, tzinfo=UTC)
    assert sorted(port.tags.names()) == ["اللاذقية", "موانئ"]
    fair = ArticlePage.objects.get(title="مهرجان للكتاب في طرطوس")
    assert [block.block_type for block in fair.body] == ["paragraph", "bullets"]
    assert fair.first_published_at == datetime(2026, 1, 12, 15, 0, tzinfo=UTC)
    text_only = ArticlePage.objects.get(title="ملخص نصي فقط")
    assert "والعلامة &lt;b&gt; تبقى نصاً" in str(text_only.body)


def test_importing_the_same_feed_again_skips_every_item(home):
    first = import_feed(str(FEEDS / "partner-atom.xml"), "--section", "محليات")
    second = import_feed(str(FEEDS / "partner-atom.xml"), "--section", "محليات")

    assert row(first, "created") == 3
    assert (row(second, "created"), row(second, "updated"), row(second, "skipped")) == (0, 0, 3)
    assert ArticlePage.objects.count() == 3


def test_a_truncated_feed_keeps_the_items_before_the_break(home):
    output = import_feed(str(FEEDS / "truncated-rss.xml"), "--section", "محليات")

    assert ArticlePage.objects.get().source_name == "نشرة المساء"
    assert row(output, "failed") == 1
    assert "line 17, column 0" in output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("entity-bomb.xml", r"refused: the file declares a DTD \(<!DOCTYPE rss>\)"),
        ("external-entity.xml", r"refused: the file declares a DTD \(<!DOCTYPE rss>\)"),
        ("not-a-feed.html", "not a RSS 2.0 or Atom feed: its root element is <html>"),
        ("plain.txt", "the XML is broken here"),
        ("missing.xml", "Cannot read .*missing.xml: No such file"),
    ],
)
def test_a_hostile_or_unreadable_feed_is_refused_whole(home, name, message):
    with pytest.raises(CommandError, match=message):
        import_feed(str(FEEDS / name), "--section", "دولي")
    assert not ArticlePage.objects.exists()


def test_the_section_is_required(home):
    with pytest.raises(CommandError, match="--section"):
        import_feed(str(FEEDS / "wire-rss.xml"))


class _Handler(SimpleHTTPRequestHandler):
    """Serves the feed fixtures; /slow answers only once the test is over."""

    user_agents: list[str] = []
    release = threading.Event()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(FEEDS), **kwargs)

    def do_GET(self):
        _Handler.user_agents.append(self.headers["User-Agent"])
        if self.path == "/slow":
            _Handler.release.wait(10)
            return
        super().do_GET()

    def log_message(self, *args):
        """Keep the test output quiet."""


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A feed server on a free loopback port, never the internet."""
    _Handler.user_agents.clear()
    _Handler.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_feed_is_fetched_from_an_address(home, feed_server):
    output = import_feed(f"{feed_server}/wire-rss.xml", "--section", "دولي")

    assert row(output, "created") == 3
    assert _Handler.user_agents == ["akhbar feed importer"]


def test_http_errors_timeouts_and_size_are_clear(home, feed_server, settings):
    with pytest.raises(CommandError, match=r"Cannot fetch .*/gone.xml: HTTP 404 File not found"):
        import_feed(f"{feed_server}/gone.xml", "--section", "دولي")

    settings.AKHBAR_IMPORT_FEED_TIMEOUT = 1
    with pytest.raises(CommandError, match="no answer within 1 seconds"):
        import_feed(f"{feed_server}/slow", "--section", "دولي")

    settings.AKHBAR_IMPORT_MAX_FEED_BYTES = 1_000
    with pytest.raises(CommandError, match="larger than 1,000 bytes"):
        import_feed(f"{feed_server}/wire-rss.xml", "--section", "دولي")
    assert not ArticlePage.objects.exists()


def test_a_feed_file_over_the_size_limit_is_not_read(home, settings):
    settings.AKHBAR_IMPORT_MAX_XML_BYTES = 1_000
    with pytest.raises(CommandError, match="more than AKHBAR_IMPORT_MAX_XML_BYTES"):
        import_feed(str(FEEDS / "wire-rss.xml"), "--section", "دولي")


def test_feeds_setting_is_checked():
    assert scheduled_feeds([{"url": "https://a.example/rss", "section": "دولي"}]) == (
        ScheduledFeed("https://a.example/rss", "دولي"),
    )
    with pytest.raises(ImproperlyConfigured, match="entry 2"):
        scheduled_feeds([{"url": "https://a.example/rss", "section": "دولي"}, {"url": "x"}])
    with pytest.raises(ImproperlyConfigured, match="JSON list"):
        scheduled_feeds({"url": "https://a.example/rss"})


def test_the_scheduler_imports_each_feed_when_its_interval_has_passed(home, caplog):
    wire = ScheduledFeed(str(FEEDS / "wire-rss.xml"), "دولي")
    broken = ScheduledFeed(str(FEEDS / "missing.xml"), "دولي")
    timer = FeedTimer([broken, wire], interval=timedelta(minutes=15))
    start = datetime(2026, 1, 12, 9, 0, tzinfo=ZoneInfo("Asia/Damascus"))

    with time_machine.travel(start, tick=False) as clock, caplog.at_level(logging.INFO):
        timer.import_due()
        assert ArticlePage.objects.count() == 3
        assert "Feed " + broken.url + " failed" in caplog.text

        caplog.clear()
        clock.shift(timedelta(minutes=14))
        timer.import_due()
        assert caplog.text == ""

        clock.shift(timedelta(minutes=1))
        timer.import_due()
        assert "Import finished: 6 records" in caplog.text
        assert "missing.xml failed" in caplog.text
    assert ArticlePage.objects.count() == 3
