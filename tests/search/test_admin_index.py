"""The admin's SQLite index writes what modelsearch writes, walking each page's fields once."""

from __future__ import annotations

import pytest
from django.db import connection

if connection.vendor != "sqlite":
    # modelsearch's SQLite models only exist when the database is SQLite.
    pytest.skip("the admin's SQLite index", allow_module_level=True)

from modelsearch.backends import get_search_backend
from modelsearch.backends.database.sqlite.sqlite import IndexEntry, ObjectIndexer

from akhbar.news.models import ArticlePage
from akhbar.search.admin_sqlite import OnePassSQLiteIndex
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PARAGRAPHS = ("يفتح <b>السوق</b> من السابعة صباحاً &amp; حتى المساء.", "ويضم أربعين محلاً.")


def entry(page: ArticlePage) -> IndexEntry:
    return IndexEntry.objects.get(object_id=str(page.pk), content_type__model="articlepage")


def test_rows_are_those_of_modelsearchs_own_indexer(section):
    backend = get_search_backend()
    assert isinstance(backend.get_index_for_model(ArticlePage), OnePassSQLiteIndex)
    page = make_article(
        section, "أسواق حلب تستعد للموسم", dek="سوق جديد للخضار", paragraphs=PARAGRAPHS
    )
    backend.add_bulk(ArticlePage, [page])

    theirs = ObjectIndexer(page, backend)
    stored = entry(page)
    assert (stored.title, stored.body, stored.autocomplete) == (
        theirs.title,
        theirs.body,
        theirs.autocomplete,
    )
    # The admin finds pages by their autocomplete fields only: no body is stored for it.
    assert stored.body == ""
    assert "أسواق حلب تستعد للموسم" in stored.title
    assert "اسواق حلب تستعد للموسم" in stored.autocomplete  # the folded title (search.md)


def test_new_titles_are_normalized_by_the_average_title_length(section):
    short = make_article(section, "خبر")
    long = make_article(section, "خبر بعنوان أطول بكثير من الخبر الأول")
    # As the importer's are: new to the index.
    IndexEntry.objects.filter(object_id__in=[str(short.pk), str(long.pk)]).delete()
    backend = get_search_backend()
    backend.add_bulk(ArticlePage, [short, long])

    titles = IndexEntry.objects.exclude(title="").values_list("title", flat=True)
    average = sum(map(len, titles)) / len(titles)
    assert entry(short).title_norm == pytest.approx(average / len(short.title))
    assert entry(long).title_norm == pytest.approx(average / len(long.title))
    assert entry(short).title_norm > 1 > entry(long).title_norm
