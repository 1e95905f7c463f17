"""The issue's correctness test: an edit re-writes exactly the files that showed the article,
and an unpublished article is gone from every file."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_article

COMPRESSED = (".gz", ".br")
#: Sitemaps list every article by URL and date, without its title (docs/publishing.md).
SITEMAPS_BY_RULE = {"sitemap.xml", "sitemap-articles.xml"}


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
    assert rewritten == showing | SITEMAPS_BY_RULE
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
