"""A real `akhbar import` killed mid-run leaves whole articles only, and a re-run finishes it.

The import runs as a child process on its own SQLite database, is SIGKILLed once a few
batches have committed (no cleanup code gets to run), and the database is then checked and
the import run again.
"""

import json
import re
import signal
import sqlite3
import subprocess
import time

import pytest

from bench.importers import write_jsonl
from tests.servers import AKHBAR, akhbar, app_env

pytestmark = pytest.mark.servers

ARTICLES = 600
BATCH = 50

# Run inside the killed site with `akhbar shell -c`: what a crash must never leave behind.
CHECK = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
from akhbar.importers.models import ImportedItem
from akhbar.news.models import ArticlePage
from akhbar.search.models import SearchDocument
articles = ArticlePage.objects.all()
article_type = ContentType.objects.get_for_model(ArticlePage)
print(json.dumps({
    "articles": articles.count(),
    "page rows": Page.objects.filter(content_type=article_type).count(),
    "titles": articles.values("title").distinct().count(),
    "items": ImportedItem.objects.filter(source="jsonl").count(),
    "without item": articles.exclude(pk__in=ImportedItem.objects.values("page_id")).count(),
    "without live revision": articles.filter(live_revision__isnull=True).count(),
    "without tags": articles.filter(tagged_items__isnull=True).count(),
    "without author": articles.filter(article_authors__isnull=True).count(),
    "not searchable": articles.exclude(pk__in=SearchDocument.objects.values("id")).count(),
    "search documents": SearchDocument.objects.count(),
    "tree problems": [len(found) for found in Page.find_problems()],
}))
"""


def site_state(env: dict[str, str]) -> dict:
    output = akhbar("shell", "-c", CHECK, env=env)
    return json.loads(output.strip().splitlines()[-1])


def committed_items(database) -> int:
    """ImportedItem rows a reader sees: the items of the batches committed so far."""
    try:
        with sqlite3.connect(database, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM importers_importeditem").fetchone()[0]
    except sqlite3.OperationalError:  # the writer is creating the file or its WAL index
        return 0


def reported(output: str, outcome: str) -> int:
    match = re.search(rf"│ {re.escape(outcome)}\s*│\s*([\d,]+) │", output)
    assert match, output
    return int(match[1].replace(",", ""))


def assert_whole_articles(state: dict) -> None:
    assert state["page rows"] == state["articles"] == state["items"]
    assert state["titles"] == state["articles"]  # no duplicate
    for problem in (
        "without item",
        "without live revision",
        "without tags",
        "without author",
        "not searchable",
    ):
        assert state[problem] == 0, problem
    assert state["search documents"] == state["articles"]
    assert state["tree problems"] == [0, 0, 0, 0, 0]


def test_a_killed_import_leaves_whole_articles_and_a_rerun_finishes_it(tmp_path):
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, ARTICLES)
    env = app_env(tmp_path / "data", AKHBAR_LOG_LEVEL="WARNING")
    akhbar("migrate", "--noinput", "-v0", env=env)
    database = tmp_path / "data" / "akhbar.sqlite3"

    with (tmp_path / "killed.log").open("w") as log:
        process = subprocess.Popen(
            [AKHBAR, "import", "jsonl", str(source), "--batch-size", str(BATCH)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 300
            while committed_items(database) < 2 * BATCH and process.poll() is None:
                assert time.monotonic() < deadline, "no two batches committed in 5 minutes"
                time.sleep(0.02)
        finally:
            process.kill()  # SIGKILL: no handler, no cleanup, as in a power cut
            process.wait()
    assert process.returncode == -signal.SIGKILL, (tmp_path / "killed.log").read_text()

    after_crash = site_state(env)
    committed = after_crash["items"]
    assert 2 * BATCH <= committed < ARTICLES
    assert committed % BATCH == 0  # whole batches only
    assert_whole_articles(after_crash)

    output = akhbar("import", "jsonl", str(source), "--batch-size", str(BATCH), env=env)
    assert f"Import finished: {ARTICLES:,} records" in output
    assert reported(output, "skipped (unchanged)") == committed
    assert reported(output, "created") == ARTICLES - committed
    assert reported(output, "failed") == 0
    finished = site_state(env)
    assert finished["articles"] == ARTICLES
    assert_whole_articles(finished)
