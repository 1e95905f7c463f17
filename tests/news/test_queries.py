from datetime import timedelta

import pytest
from django.utils import timezone

from akhbar.news.models import ArticleDailyViews
from akhbar.news.queries import (
    live_articles,
    live_sections,
    most_read,
    neighbours,
    related,
    section_blocks,
    ticker_items,
)
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_live_articles_skip_drafts_and_put_newest_first(section):
    now = timezone.now()
    older = make_article(section, "خبر الأمس", published_at=now - timedelta(days=1))
    newer = make_article(section, "خبر اليوم", published_at=now)
    make_article(section, "مسودة لم تنشر", live=False)
    assert list(live_articles()) == [newer, older]


def test_a_private_section_and_its_articles_stay_out_of_reader_lists(home, section):
    from wagtail.models import PageViewRestriction

    public = make_article(section, "خبر للجميع")
    private_section = make_section(home, "للمشتركين", slug="members")
    make_article(private_section, "خبر للمشتركين")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type=PageViewRestriction.LOGIN
    )
    assert list(live_sections()) == [section]
    assert list(live_articles()) == [public]
    assert section_blocks() == [(section, [public])]


def test_reader_lists_follow_a_restriction_added_and_removed_at_once(section):
    from wagtail.models import PageViewRestriction

    article = make_article(section, "خبر يصبح خاصاً")
    assert list(live_articles()) == [article]  # the (empty) private paths are cached now
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    assert list(live_articles()) == []
    restriction.delete()
    assert list(live_articles()) == [article]


def test_section_blocks_hold_each_sections_newest_articles(home, section):
    now = timezone.now()
    sports = make_section(home, "رياضة", slug="sports")
    politics = [make_article(section, published_at=now - timedelta(hours=h)) for h in range(3)]
    match = make_article(sports, "مباراة", published_at=now - timedelta(days=9))
    assert section_blocks(per_section=2) == [(section, politics[:2]), (sports, [match])]


def test_ticker_shows_unexpired_items_breaking_first(section):
    now = timezone.now()
    hot = make_article(section, "ساخن", urgency="hot", published_at=now)
    breaking = make_article(
        section,
        "عاجل",
        urgency="breaking",
        urgent_until=now + timedelta(hours=2),
        published_at=now - timedelta(hours=1),
    )
    make_article(section, "انتهى", urgency="hot", urgent_until=now - timedelta(minutes=1))
    make_article(section, "عادي")
    assert ticker_items(8) == [breaking, hot]
    assert ticker_items(1) == [breaking]


def test_ticker_item_drops_out_when_its_time_passes(section):
    now = timezone.now()
    item = make_article(section, "ساخن", urgency="hot", urgent_until=now + timedelta(minutes=30))
    assert ticker_items(8, now=now) == [item]
    assert ticker_items(8, now=now + timedelta(minutes=31)) == []


def test_related_prefers_shared_tags_and_section_and_never_includes_itself(home, section):
    other_section = make_section(home, "اقتصاد", slug="economy")
    now = timezone.now()
    article = make_article(section, "الأصل", tags=["دمشق", "انتخابات"], published_at=now)
    tag_and_section = make_article(
        section, "وسم وقسم", tags=["دمشق"], published_at=now - timedelta(days=3)
    )
    tag_only = make_article(
        other_section, "وسم فقط", tags=["انتخابات"], published_at=now - timedelta(days=1)
    )
    section_only_new = make_article(section, "قسم فقط", published_at=now - timedelta(hours=1))
    make_article(other_section, "لا علاقة", tags=["رياضة"], published_at=now)
    assert related(article) == [tag_and_section, tag_only, section_only_new]


def test_related_and_neighbours_keep_to_the_reader_lists_rules(home, section):
    """Both are SQL of their own (`_live_articles_sql`): drafts, private articles and private
    sections stay out, as they do from `live_articles()`."""
    from wagtail.models import PageViewRestriction

    now = timezone.now()
    article = make_article(section, "الأصل", tags=["حلب"], published_at=now - timedelta(days=2))
    make_article(section, "مسودة في القسم", tags=["حلب"], live=False)
    make_article(
        section, "خبر سحب", tags=["حلب"], published_at=now - timedelta(hours=2)
    ).unpublish()
    private_article = make_article(section, "خبر خاص", published_at=now - timedelta(days=1))
    members = make_section(home, "للمشتركين", slug="members")
    make_article(members, "خبر للمشتركين بالوسم", tags=["حلب"], published_at=now)
    for page in (private_article, members):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    older = make_article(section, "أقدم", published_at=now - timedelta(days=3))
    newer = make_article(section, "أحدث", published_at=now - timedelta(hours=1))
    assert related(article) == [newer, older]
    assert neighbours(article) == (older, newer)


def test_related_without_tags_takes_the_newest_of_the_section(home, section):
    now = timezone.now()
    article = make_article(section, "بلا وسوم", published_at=now - timedelta(days=5))
    siblings = [
        make_article(section, f"خبر {n}", published_at=now - timedelta(hours=n)) for n in range(8)
    ]
    make_article(make_section(home, "رياضة", slug="sports"), "في قسم آخر", published_at=now)
    assert related(article, limit=3) == siblings[:3]


def test_most_read_orders_by_recent_beacon_counts(section):
    first, second, stale = (make_article(section, t) for t in ("أ", "ب", "ج"))
    today = timezone.localdate()
    ArticleDailyViews.objects.create(article=first, day=today, views=30)
    ArticleDailyViews.objects.create(article=second, day=today, views=50)
    ArticleDailyViews.objects.create(article=stale, day=today - timedelta(days=10), views=999)
    assert most_read(5, days=2) == [second, first]


def test_neighbours_are_older_and_newer_in_the_same_section(home, section):
    now = timezone.now()
    old = make_article(section, "قديم", published_at=now - timedelta(days=2))
    middle = make_article(section, "أوسط", published_at=now - timedelta(days=1))
    new = make_article(section, "جديد", published_at=now)
    make_article(make_section(home, "رياضة", slug="sports"), "آخر", published_at=now)
    assert neighbours(middle) == (old, new)
    assert neighbours(old) == (None, middle)


def test_active_authors_have_photos_and_come_most_recent_first(section):
    from wagtail.images.tests.utils import get_test_image_file

    from akhbar.core.models import NewsImage
    from akhbar.news.queries import active_authors
    from tests.factories import make_author

    photo = NewsImage.objects.create(title="صورة", file=get_test_image_file())
    recent, earlier, faceless = (make_author(n) for n in ("هالة", "باسل", "نور"))
    for author in (recent, earlier):
        author.photo = photo
        author.save()
    now = timezone.now()
    make_article(section, authors=[earlier], published_at=now - timedelta(days=3))
    make_article(section, authors=[recent, faceless], published_at=now)
    make_article(section, authors=[earlier], live=False)
    assert active_authors() == [recent, earlier]


def test_linked_articles_are_the_same_whichever_way_they_are_found(home, section):
    """A tag's or writer's articles, newest first, by walking the publication time or by
    sorting the links: the plan changes with the rows wanted, never the answer."""
    from akhbar.news.models import ArticleAuthor, ArticleTag
    from akhbar.news.queries import linked_articles
    from tests.factories import make_author

    writer = make_author("سلمى الحداد")
    now = timezone.now()
    tagged = [
        make_article(
            section,
            f"خبر موسوم {n}",
            tags=["حماة"],
            authors=[writer],
            published_at=now - timedelta(hours=n),
        )
        for n in range(6)
    ]
    make_article(section, "غير موسوم", published_at=now)
    tagged[2].unpublish()
    expected = [article for n, article in enumerate(tagged) if n != 2]
    for links, field in (
        (ArticleTag.objects.filter(tag__name="حماة"), "content_object_id"),
        (ArticleAuthor.objects.filter(author=writer), "page_id"),
    ):
        walked = linked_articles(links, field, rows=1)
        sorted_ = linked_articles(links, field, rows=50)
        assert "EXISTS" in str(walked.query) and "EXISTS" not in str(sorted_.query)
        assert list(walked) == list(sorted_) == expected


def _image(title: str):
    from wagtail.images.tests.utils import get_test_image_file

    from akhbar.core.models import NewsImage

    return NewsImage.objects.create(title=title, file=get_test_image_file(size=(64, 48)))


def test_the_article_route_reads_the_row_as_the_orm_does(section, django_assert_num_queries):
    """`section_article` is hand-written SQL: every field, dates and flags converted."""
    from akhbar.news.models import ArticlePage
    from akhbar.news.queries import section_article

    image = _image("صورة الخبر")
    article = make_article(
        section, "خبر بصورة", lead_image=image, urgency="hot", source_name="وكالة"
    )
    expected = ArticlePage.objects.get(pk=article.pk)
    with django_assert_num_queries(1):
        found = section_article(section, article.slug)
        assert found.lead_image == image
        assert found.lead_image.title == "صورة الخبر"
    for field in ArticlePage._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.first_published_at.tzinfo is not None
    assert found.live is True
    assert [block.block_type for block in found.body] == ["paragraph"]
    assert section_article(section, "no-such-article") is None


def test_tags_and_byline_come_in_two_queries_and_are_not_asked_again(
    section, django_assert_num_queries
):
    from django.db.models import prefetch_related_objects

    from akhbar.news.models import ArticlePage
    from akhbar.news.queries import fetch_relations
    from tests.factories import make_author

    photo = _image("صورة الكاتبة")
    first, second = make_author("ريم"), make_author("سامر")
    first.photo = photo
    first.save()
    article = make_article(section, tags=["دمشق", "الكهرباء"], authors=[second, first])
    article = ArticlePage.objects.get(pk=article.pk)
    with django_assert_num_queries(2):
        fetch_relations(article)
    with django_assert_num_queries(0):
        # What feeds' `syndicate` (the page head) asks for, found fetched.
        prefetch_related_objects([article], "tagged_items", "article_authors")
        assert [item.tag.name for item in article.tagged_items.all()] == ["دمشق", "الكهرباء"]
        authors = [link.author for link in article.article_authors.all()]
        assert authors == [second, first]
        assert [author.photo for author in authors] == [None, photo]


def test_related_cards_come_with_their_images_and_count_as_shown(
    section, django_assert_num_queries
):
    """The page cache re-renders an article when a related card's article changes: the
    cards must reach the publishing recorder like any article loaded from the database."""
    from akhbar.news.queries import fetch_renditions
    from akhbar.publishing.recording import recording

    image = _image("صورة مشتركة")
    now = timezone.now()
    article = make_article(section, "الأصل", lead_image=image, published_at=now)
    pictured = make_article(
        section, "بصورة", lead_image=image, published_at=now - timedelta(hours=1)
    )
    plain = make_article(section, "بلا صورة", published_at=now - timedelta(hours=2))
    with recording() as shown:
        cards = related(article)
    assert cards == [pictured, plain]
    assert shown == {pictured.pk, plain.pk}
    assert [card.title for card in cards] == ["بصورة", "بلا صورة"]
    assert cards[1].lead_image is None
    # The page's own lead image and a card's are two instances of one image: both get the
    # renditions, in one query.
    article.lead_image.get_rendition("fill-16x12")
    assert cards[0].lead_image is not article.lead_image
    with django_assert_num_queries(1):
        fetch_renditions([article.lead_image, cards[0].lead_image, None])
    with django_assert_num_queries(0):
        for shown_image in (article.lead_image, cards[0].lead_image):
            assert [r.filter_spec for r in shown_image.renditions.all()] == ["fill-16x12"]
