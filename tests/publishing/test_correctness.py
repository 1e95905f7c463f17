"""The issue's correctness test: an edit re-writes exactly the files that showed the article,
and an unpublished article is gone from every file."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from akhbar.news.models import ArticlePage
from tests.factories import make_article

COMPRESSED = (".gz", ".br")
SITEMAP_PREFIXES = ("sitemap", "news-sitemap")


def month_sitemap(article: ArticlePage) -> str:
    """The file of the articles sitemap that lists `article`: its month in the site's zone."""
    return f"sitemap-articles-{timezone.localtime(article.first_published_at):%Y-%m}.xml"


def published_files(root: Path) -> dict[str, tuple[int, bytes]]:
    """Each published file (compressed copies aside) with its inode and content."""
    return {
        str(path.relative_to(root)): (path.stat().st_ino, path.read_bytes())
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in COMPRESSED
    }


@pytest.fixture
def site(newsroom):
    """About fifteen articles over three sections, tags, authors and days; one links another
    with a read-also card."""
    sections, (salma, rami, layla) = newsroom
    now = timezone.now()
    articles = {}
    plan = [
        ("politics", "البرلمان يناقش قانون الانتخابات", ["الانتخابات"], [salma], 1),
        ("politics", "وزير الخارجية يزور عمّان", ["الدبلوماسية"], [rami], 2),
        ("politics", "المعارضة تطالب بجلسة علنية", ["الانتخابات"], [salma, rami], 3),
        ("politics", "لجنة الدستور تنهي أعمالها", [], [layla], 4),
        ("politics", "انتخابات بلدية في ريف دمشق", ["الانتخابات", "دمشق"], [rami], 5),
        ("economy", "ارتفاع أسعار الذهب في الأسواق", ["الأسعار"], [layla], 1),
        ("economy", "المصرف المركزي يثبت سعر الفائدة", ["المصارف"], [salma], 2),
        ("economy", "افتتاح معرض دمشق الدولي", ["دمشق"], [rami], 3),
        ("economy", "موسم القمح يبشر بإنتاج وفير", ["الزراعة"], [layla], 4),
        ("economy", "تراجع صادرات الحمضيات", ["الزراعة"], [], 6),
        ("culture", "مهرجان المسرح يعود إلى حلب", ["المسرح"], [layla], 1),
        ("culture", "رواية جديدة تفوز بجائزة الأدب", ["الأدب"], [salma], 2),
        ("culture", "ترميم قلعة حلب يكتمل", ["حلب"], [rami], 3),
        ("culture", "معرض للخط العربي في حمص", ["الخط"], [layla], 5),
        ("culture", "فرقة موسيقية شابة تجوب المدن", [], [salma], 7),
    ]
    for slug, title, tags, authors, days in plan:
        articles[title] = make_article(
            sections[slug],
            title,
            tags=tags,
            authors=authors,
            published_at=now - timedelta(days=days, hours=2),
        )
    target = articles["وزير الخارجية يزور عمّان"]
    linking = articles["فرقة موسيقية شابة تجوب المدن"]
    linking.body.append(("read_also", {"article": target, "label": "إقرأ أيضاً"}))
    # Republish every article once, so that the last published state the publisher keeps
    # matches the backdated publication times the factory wrote past the signals.
    for article in articles.values():
        article.save_revision().publish()
    # And a minute back: an edit within the same second would leave the sitemaps' lastmod
    # (to the second) and so their bytes as they were.
    ArticlePage.objects.update(last_published_at=F("last_published_at") - timedelta(minutes=1))
    return target, linking


@pytest.mark.django_db
def test_an_edit_rewrites_exactly_the_files_that_showed_the_article(
    site, publish_root, client, django_capture_on_commit_callbacks
):
    target, linking = site
    call_command("publish", "--all", verbosity=0)
    before = published_files(publish_root)
    old_title = target.title
    showing = {name for name, (_, body) in before.items() if old_title.encode() in body}
    # The independent check covers what matters: the article itself, its section, home,
    # the page that links it with a read-also card, the feeds.
    assert {
        f"{target.url.strip('/')}/index.html",
        "politics/index.html",
        "index.html",
        f"{linking.url.strip('/')}/index.html",
        "feeds/rss.xml",
        "feeds/sections/politics/atom.xml",
    } <= showing

    new_title = "وزير الخارجية يلتقي نظيره الأردني"
    target.title = new_title
    with django_capture_on_commit_callbacks(execute=True):
        target.save_revision().publish()

    after = published_files(publish_root)
    rewritten = {name for name in after if after[name][0] != before[name][0]}
    # Sitemaps list articles by URL and date, without their title (docs/publishing.md): the
    # index and the article's month are rewritten for its new date of change, by rule.
    assert rewritten == showing | {"sitemap.xml", month_sitemap(target)}
    for name in showing:
        assert new_title.encode() in after[name][1], name
        assert old_title.encode() not in after[name][1], name

    url = target.url
    with django_capture_on_commit_callbacks(execute=True):
        target.unpublish()
    assert not (publish_root / url.strip("/") / "index.html").exists()
    assert client.get(url).status_code == 404
    for name, (_, body) in published_files(publish_root).items():
        assert new_title.encode() not in body, name
        assert url.encode() not in body, name


def rewritten_sitemaps(before: dict, after: dict) -> set[str]:
    """The sitemap files written (or created) between two `published_files`."""
    return {
        name
        for name, (inode, _) in after.items()
        if name.startswith(SITEMAP_PREFIXES) and before.get(name, (None,))[0] != inode
    }


@pytest.fixture
def archive(newsroom, publish_root, settings):
    """Two articles of August 2025 and one of October 2025 in Damascus, all published."""
    settings.TIME_ZONE = "Asia/Damascus"
    sections, _ = newsroom
    articles = {}
    for name, title, when in [
        ("august", "افتتاح سوق الخضار الجديد", "2025-08-05T10:00:00+03:00"),
        ("august_late", "حملة تشجير في الضواحي", "2025-08-31T23:30:00+03:00"),
        ("october", "انطلاق موسم قطاف الزيتون", "2025-10-12T08:00:00+03:00"),
    ]:
        published_at = datetime.fromisoformat(when)
        article = make_article(sections["economy"], title, published_at=published_at)
        # Republished, so that the state the publisher keeps has the backdated date, and
        # dated back again: an edit must change the month's lastmod, even within a second.
        article.save_revision().publish()
        ArticlePage.objects.filter(pk=article.pk).update(last_published_at=published_at)
        articles[name] = article
    call_command("publish", "--all", verbosity=0)
    return articles


@pytest.mark.django_db
def test_publish_all_writes_every_month_sitemap(archive, publish_root):
    files = published_files(publish_root)
    assert {"sitemap-articles-2025-08.xml", "sitemap-articles-2025-10.xml"} <= set(files)
    august = files["sitemap-articles-2025-08.xml"][1].decode()
    assert archive["august"].url in august
    assert archive["august_late"].url in august
    assert archive["october"].url not in august
    assert "sitemap-articles-2025-10.xml" in files["sitemap.xml"][1].decode()


@pytest.mark.django_db
def test_a_new_article_rewrites_the_index_the_news_sitemap_and_its_month_only(
    archive, newsroom, publish_root, django_capture_on_commit_callbacks
):
    before = published_files(publish_root)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(newsroom[0]["politics"], "وصول أول قطار إلى المحطة الجديدة")
    after = published_files(publish_root)
    month = month_sitemap(article)
    assert rewritten_sitemaps(before, after) == {"sitemap.xml", "news-sitemap.xml", month}
    assert article.url.encode() in after[month][1]
    assert article.url.encode() in after["news-sitemap.xml"][1]


@pytest.mark.django_db
def test_an_edit_of_an_old_article_rewrites_its_month(
    archive, publish_root, django_capture_on_commit_callbacks
):
    before = published_files(publish_root)
    article = archive["august"]
    article.title = "افتتاح سوق الخضار الجديد في المدينة"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    after = published_files(publish_root)
    assert rewritten_sitemaps(before, after) == {"sitemap.xml", "sitemap-articles-2025-08.xml"}


@pytest.mark.django_db
def test_a_new_first_publication_date_rewrites_both_months(
    archive, publish_root, django_capture_on_commit_callbacks
):
    """The importer dates an article as its source did: it leaves August for October."""
    before = published_files(publish_root)
    article = archive["august_late"]
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=datetime.fromisoformat("2025-10-01T00:30:00+03:00")
    )
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    after = published_files(publish_root)
    assert rewritten_sitemaps(before, after) == {
        "sitemap.xml",
        "sitemap-articles-2025-08.xml",
        "sitemap-articles-2025-10.xml",
    }
    assert article.url.encode() not in after["sitemap-articles-2025-08.xml"][1]
    assert article.url.encode() in after["sitemap-articles-2025-10.xml"][1]


@pytest.mark.django_db
def test_unpublishing_removes_an_article_from_its_month(
    archive, publish_root, client, django_capture_on_commit_callbacks
):
    august = archive["august_late"]
    with django_capture_on_commit_callbacks(execute=True):
        august.unpublish()
    files = published_files(publish_root)
    assert august.url.encode() not in files["sitemap-articles-2025-08.xml"][1]
    assert archive["august"].url.encode() in files["sitemap-articles-2025-08.xml"][1]

    # The last article of a month takes its sitemap with it, file and index entry.
    with django_capture_on_commit_callbacks(execute=True):
        archive["october"].delete()
    files = published_files(publish_root)
    assert "sitemap-articles-2025-10.xml" not in files
    assert not (publish_root / "sitemap-articles-2025-10.xml.gz").exists()
    assert b"2025-10" not in files["sitemap.xml"][1]
    assert client.get("/sitemap-articles-2025-10.xml").status_code == 404


@pytest.mark.django_db
def test_the_single_articles_sitemap_of_an_older_version_is_removed(archive, publish_root):
    """Left in the folder, nginx would serve its stale 17 MB for ever; the app redirects."""
    (publish_root / "sitemap-articles.xml").write_bytes(b"<urlset/>")
    call_command("publish", "--all", verbosity=0)
    assert not (publish_root / "sitemap-articles.xml").exists()
