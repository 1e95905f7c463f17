"""A small published site with the cases distribution must get right: a headline with
quotes, ampersand and angle brackets, a lead image, an old article, a draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from taggit.models import Tag
from wagtail.images.tests.utils import get_test_image_file

from akhbar.core.models import NewsImage
from akhbar.news.models import ArticlePage, Author, SectionPage
from tests.factories import make_article, make_author, make_section

TRICKY_TITLE = 'وزير «الاقتصاد»: "الأسعار > الأجور" & مراجعة <قريبة>'
TAG_NAME = "الاقتصاد السوري"


@dataclass(frozen=True)
class News:
    politics: SectionPage
    economy: SectionPage
    author: Author
    tag: Tag
    lead: ArticlePage
    second: ArticlePage
    old: ArticlePage
    draft: ArticlePage

    @property
    def live(self) -> list[ArticlePage]:
        """The live articles, newest first."""
        return [self.lead, self.second, self.old]


@pytest.fixture
def news(home) -> News:
    cache.clear()
    now = timezone.now()
    politics = make_section(home, "سياسة", slug="politics")
    economy = make_section(home, "اقتصاد", slug="economy")
    author = make_author("سلمى الحلبي", slug="salma")
    image = NewsImage.objects.create(
        title="سوق الحميدية",
        description="متسوقون في سوق الحميدية",
        file=get_test_image_file(size=(640, 400)),
    )
    lead = make_article(
        politics,
        TRICKY_TITLE,
        dek="قال الوزير إن «الأسعار» ستراجع & الأجور سترتفع.",
        paragraphs=["فقرة أولى فيها <b>نص</b> و<a href='/economy/'>رابط داخلي</a>."],
        tags=[TAG_NAME, "الحكومة"],
        authors=[author],
        lead_image=image,
        published_at=now - timedelta(hours=1),
    )
    second = make_article(
        economy,
        "ارتفاع سعر الذهب في دمشق",
        tags=[TAG_NAME],
        published_at=now - timedelta(hours=5),
    )
    old = make_article(
        politics,
        "خبر من الأسبوع الماضي",
        authors=[author],
        published_at=now - timedelta(days=3),
    )
    draft = make_article(politics, "مسودة لم تنشر", authors=[author], tags=[TAG_NAME], live=False)
    return News(politics, economy, author, Tag.objects.get(name=TAG_NAME), lead, second, old, draft)
