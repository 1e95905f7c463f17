"""`akhbar demo`: the site it builds, its ticker and read counts, re-runs and --reset."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Site

from akhbar.core.demo import banks, builder
from akhbar.core.demo.images import COLLECTION_NAME
from akhbar.core.models import HomePage, NewsImage, SiteSettings, StandardPage
from akhbar.news.models import ArticleDailyViews, ArticlePage, Author, SectionPage
from akhbar.news.queries import most_read, ticker_items
from akhbar.search.models import SearchDocument

ARTICLES = 24
DAMASCUS = ZoneInfo("Asia/Damascus")


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--articles", str(ARTICLES), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return run_demo()


def demo_articles():
    return ArticlePage.objects.descendant_of(builder.find_home())


def snapshot() -> dict[str, int]:
    """Row counts of everything the demo creates."""
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "images": NewsImage.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "views": ArticleDailyViews.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
    }


def test_demo_builds_the_site(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.site_name == home.title
    assert HomePage.objects.count() == 1
    # Wagtail's welcome page is gone: no plain Page right under the root.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()

    sections = SectionPage.objects.child_of(home).live()
    assert sorted(sections.values_list("slug", flat=True)) == sorted(
        ["politics", "economy", "sports", "local", "culture", "variety"]
    )
    assert all(section.show_in_menus and section.intro for section in sections)
    assert "سياسة" in sections.values_list("title", flat=True)
    pages = StandardPage.objects.child_of(home).live()
    assert sorted(pages.values_list("slug", flat=True)) == ["about", "contact", "privacy"]
    assert "من نحن" in pages.values_list("title", flat=True)

    settings = SiteSettings.for_site(site)
    assert settings.ticker_length == 8
    assert (settings.month_style, settings.digit_style) == ("levantine", "western")
    assert settings.time_zone == "Asia/Damascus"
    assert settings.tagline and settings.copyright_notice
    assert [link.url for link in settings.footer_links.all()] == [
        "/about/",
        "/contact/",
        "/privacy/",
    ]
    assert all(url.startswith("https://") for _, _, url in settings.social_links)
    assert settings.google_play_url and settings.app_store_url

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("akhbar-demo")
    assert "http://127.0.0.1:8000/" in demo
    assert "http://127.0.0.1:8000/admin/" in demo
    assert "admin / akhbar-demo" in demo
    assert "الموقع التجريبي جاهز" in demo


def test_articles_are_complete(demo):
    articles = list(demo_articles().live().specific())
    assert len(articles) == ARTICLES
    sections = {article.get_parent().slug for article in articles}
    assert len(sections) == 6
    for article in articles:
        assert article.dek and article.dateline
        paragraphs = [block for block in article.body if block.block_type == "paragraph"]
        assert len(paragraphs) >= 3, article.title
        assert article.word_count() > 30
        assert 1 <= article.article_authors.count() <= 2
        assert 2 <= article.tags.count() <= 4
        assert article.first_published_at is not None
        assert article.slug == article.slug.strip("-") and " " not in article.slug
        if article.source_url:
            assert article.source_name
            assert article.source_url.startswith(("https://example.org/", "https://example.net/"))
    titles = [article.title for article in articles]
    assert len(set(titles)) == len(titles)
    assert sum(article.lead_image_id is not None for article in articles) > ARTICLES // 2
    with_source = sum(bool(article.source_name) for article in articles)
    assert 0 < with_source < ARTICLES


def test_publication_history_looks_real(demo):
    now = timezone.now()
    articles = list(demo_articles().live())
    assert all(article.first_published_at <= now for article in articles)
    assert sum(article.first_published_at > now - timedelta(hours=1) for article in articles) >= 3
    assert any(
        article.first_published_at.astimezone(DAMASCUS).date() == date(2026, 1, 12)
        for article in articles
    )
    assert min(article.first_published_at for article in articles) < now - timedelta(days=30)
    updated = [article for article in articles if article.was_updated]
    assert updated
    for article in updated:
        revisions = list(article.revisions.order_by("created_at"))
        assert len(revisions) == 2
        assert revisions[0].created_at == article.first_published_at
        assert revisions[-1].created_at == article.last_published_at
        assert article.latest_revision_created_at == article.last_published_at
    for article in articles:
        assert article.live_revision.created_at == article.last_published_at


def test_search_index_has_every_article_with_its_backdated_time(demo):
    published = {
        article.pk: int(article.first_published_at.timestamp())
        for article in demo_articles().live()
    }
    indexed = dict(SearchDocument.objects.values_list("id", "published_ts"))
    assert indexed == published


def test_read_also_links_point_to_earlier_live_articles(demo):
    links = [
        (article, block.value["article"])
        for article in demo_articles().live().specific()
        for block in article.body
        if block.block_type == "read_also"
    ]
    assert links
    for article, target in links:
        assert target is not None
        target = target.specific
        assert isinstance(target, ArticlePage) and target.live
        assert target.first_published_at < article.first_published_at


def test_ticker_shows_breaking_and_hot_items_but_not_expired_ones(demo):
    now = timezone.now()
    items = ticker_items(8)
    assert items[0].urgency == "breaking"
    assert [item.urgency for item in items].count("hot") >= 3
    assert all(item.urgent_until > now for item in items)
    expired = list(demo_articles().filter(urgency="hot", urgent_until__lt=now))
    assert expired
    assert not set(expired) & set(items)


def test_most_read_follows_the_view_counts(demo):
    totals = list(
        ArticleDailyViews.objects.values("article")
        .annotate(total=Sum("views"))
        .order_by("-total")
        .values_list("article", "total")
    )
    assert len(totals) >= 6
    top = [total for _, total in totals[:6]]
    assert top == sorted(set(top), reverse=True), "the top counts have no ties"
    assert [article.pk for article in most_read(5)] == [pk for pk, _ in totals[:5]]
    assert len(set(ArticleDailyViews.objects.values_list("day", flat=True))) == 2


def test_images_exist_as_files(demo):
    images = NewsImage.objects.filter(collection__name=COLLECTION_NAME)
    assert images.count() == builder.LEAD_IMAGE_COUNT + Author.objects.count()
    for image in images:
        assert image.file.storage.exists(image.file.name), image.file.name
        assert image.description and image.credit
        assert (image.width, image.height) in {(1200, 675), (400, 400)}
    assert len(set(images.values_list("file_hash", flat=True))) == images.count()
    assert Author.objects.count() == 8
    assert all(author.photo_id and author.role and author.bio for author in Author.objects.all())


def test_rerun_changes_nothing_and_keeps_the_admin_password(demo):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed-by-the-editor")
    admin.save()
    before = snapshot()
    output = run_demo()
    assert "already loaded" in output
    assert "admin / akhbar-demo (unless changed)" in output
    assert snapshot() == before
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-editor")


def test_an_existing_admin_keeps_its_password(db):
    get_user_model().objects.create_superuser("admin", password="the-editors-own")  # noqa: S106
    output = run_demo()
    assert "admin / akhbar-demo (unless changed)" in output
    assert get_user_model().objects.get(username="admin").check_password("the-editors-own")


def test_reset_rebuilds_the_same_site(demo, django_capture_on_commit_callbacks):
    before = snapshot()
    titles = set(demo_articles().values_list("title", flat=True))
    old_ids = set(demo_articles().values_list("pk", flat=True))
    old_files = [image.file.name for image in NewsImage.objects.all()]
    storage = NewsImage._meta.get_field("file").storage
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed-by-the-editor")
    admin.save()

    with django_capture_on_commit_callbacks(execute=True):
        output = run_demo("--reset")

    assert "Demo site ready" in output
    assert snapshot() == before
    assert set(demo_articles().values_list("title", flat=True)) == titles
    assert not old_ids & set(demo_articles().values_list("pk", flat=True))
    assert not any(storage.exists(name) for name in old_files)
    admin.refresh_from_db()
    assert admin.check_password("akhbar-demo")


def composed_titles(seed: int) -> list[str]:
    rnd = random.Random(seed)  # noqa: S311 - the builder's own kind of generator
    when = datetime(2026, 1, 12, 10, 40, tzinfo=DAMASCUS)
    taken: set[str] = set()
    return [
        builder.compose_article(rnd, bank, when=when, taken_titles=taken).title
        for bank in banks.SECTIONS
        for _ in range(6)
    ]


def test_a_seed_always_writes_the_same_articles():
    assert composed_titles(2026) == composed_titles(2026)
    assert composed_titles(2026) != composed_titles(7)


def bank_templates(bank: banks.SectionBank) -> list[str]:
    texts = [
        *bank.sentences,
        *bank.headings,
        *bank.bullet_intros,
        *bank.bullets,
        *bank.quotes,
        *bank.speakers,
        *bank.fact_titles,
        *bank.facts,
    ]
    agendas = list(bank.agendas)
    for kind in bank.stories:
        texts += [*kind.headlines, *kind.deks, *kind.leads, *kind.sentences, *(kind.bullets or ())]
        agendas += kind.agendas
    for agenda in agendas:
        texts += [*agenda.actors, *agenda.topics]
    return texts


@pytest.mark.parametrize("bank", banks.SECTIONS, ids=lambda bank: bank.slug)
def test_every_template_fills(bank):
    """A mistyped slot would only fail when some seed picks that template; fill them all."""
    slots = builder.story_slots(random.Random(1), bank, datetime(2026, 1, 12, tzinfo=DAMASCUS))  # noqa: S311
    for text in bank_templates(bank):
        filled = text.format_map(slots).format_map(slots)
        assert "{" not in filled and "}" not in filled, text


def test_a_failed_build_leaves_nothing_behind(db, monkeypatch):
    storage = NewsImage._meta.get_field("file").storage
    saved: list[str] = []
    original_save = NewsImage.save

    def remember(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        saved.append(self.file.name)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(NewsImage, "save", remember)
    monkeypatch.setattr(builder, "add_read_counts", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run_demo()
    assert saved
    assert not ArticlePage.objects.exists()
    assert not NewsImage.objects.exists()
    assert not any(storage.exists(name) for name in saved)

    monkeypatch.undo()
    assert "Demo site ready" in run_demo()
    assert demo_articles().count() == ARTICLES


def test_article_count_must_be_positive(db):
    with pytest.raises(CommandError):
        call_command("demo", "--articles", "0", stdout=StringIO())


def test_home_sections_and_articles_render(demo, client):
    assert client.get("/").status_code == 200
    section = SectionPage.objects.get(slug="politics")
    assert client.get(section.url).status_code == 200
    for slug in ("about", "contact", "privacy"):
        assert client.get(f"/{slug}/").status_code == 200
    linked = next(
        article
        for article in demo_articles().live().specific()
        if any(block.block_type == "read_also" for block in article.body)
    )
    response = client.get(linked.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert linked.title in html
    assert linked.dek in html
