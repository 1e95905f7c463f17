"""A batch of new articles refreshes exactly the paths each article alone would."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from akhbar.publishing.invalidation import ArticleState, affected_paths, entered_paths

START = datetime(2026, 3, 1, 21, 30, tzinfo=ZoneInfo("UTC"))  # near midnight in Damascus


def state(number: int, *, live: bool = True, tags=("كهرباء-حلب",), authors=("سلمى",)):
    section = ("محليات", "اقتصاد")[number % 2]
    return ArticleState(
        pk=number,
        url=f"/{section}/خبر-{number}/",
        live=live,
        tree_path=f"000100010001{number:04d}",
        section_url=f"/{section}/",
        section_slug=section,
        tag_slugs=tags,
        author_slugs=authors,
        first_published_at=START + timedelta(hours=2 * number) if live else None,
        on_ticker=number == 3,
    )


def test_new_articles_refresh_the_union_of_their_own_paths():
    states = [
        state(1),
        state(2, tags=("مياه-دمشق", "كهرباء-حلب"), authors=("رامي", "سلمى")),
        state(3, tags=()),
        state(4, live=False),
        state(5, authors=()),
    ]
    alone = set().union(*(affected_paths(None, s, one_of_many=True) for s in states))

    assert entered_paths(states) == alone
