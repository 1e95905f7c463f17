"""`make bench-search`: the search layer on synthetic Arabic articles, straight into the index.

Generates articles from the demo word banks (akhbar/core/demo/banks.py), indexes them with the
configured backend (not as Wagtail pages: this measures the search layer), then times 50 mixed
queries the way the search page runs them (count, one page of 10, snippets).

    .venv/bin/python bench/search.py --sizes 100000 1000000          # SQLite, a temp file
    scripts/with-services .venv/bin/python bench/search.py --sizes 100000

Targets (docs/search.md): indexing ≥ 5,000 articles/s; p99 < 50 ms at 1M on SQLite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def configure(data_dir: Path) -> None:
    """Django on DATABASE_URL if set (PostgreSQL), else on a fresh SQLite file in data_dir."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log growing with every batch
    os.environ["AKHBAR_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'bench.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "akhbar_search", verbosity=0)


class Slots(dict):
    """Template slots ({place}, {actor}, {few} …) filled at random; unknown ones get a number."""

    def __init__(self, rnd: random.Random, pools: dict[str, list[str]]):
        super().__init__()
        self.rnd = rnd
        self.pools = pools

    def __missing__(self, key: str) -> str:
        pool = self.pools.get(key)
        return self.rnd.choice(pool) if pool else str(self.rnd.randint(2, 2030))


class Corpus:
    """Articles shaped like the demo's: a headline, a dek, a lead and 4-9 body sentences."""

    def __init__(self, seed: int):
        from akhbar.core.demo import banks

        self.rnd = random.Random(seed)  # noqa: S311 - reproducible synthetic text, not secrets
        self.sections = []
        for number, bank in enumerate(banks.SECTIONS, start=1):
            agendas = [*bank.agendas, *(a for story in bank.stories for a in story.agendas)]
            pools = {
                "place": list(bank.places),
                "actor": [actor for agenda in agendas for actor in agenda.actors],
                "topic": [topic for agenda in agendas for topic in agenda.topics],
                "other": list(bank.others),
                "weekday": list(banks.WEEKDAYS),
                "round": list(banks.ROUNDS),
                "score": list(banks.WIN_SCORES),
                "draw": list(banks.DRAW_SCORES),
            }
            stories = [
                (story.headlines, story.deks, story.leads, (*story.sentences, *bank.sentences))
                for story in bank.stories
            ]
            self.sections.append((number, bank.title, pools, stories))
        self.start = datetime(2019, 1, 1, tzinfo=UTC)

    def documents(
        self, count: int, *, first_id: int = 1, rnd: random.Random | None = None
    ) -> Iterator:
        from akhbar.search.backends.base import Document

        rnd = rnd or self.rnd
        # An archive in publication order, as a rebuild or an import writes it.
        step = (datetime(2026, 11, 25, tzinfo=UTC) - self.start).total_seconds() / count
        for offset, number in enumerate(range(first_id, first_id + count)):
            section_id, section_title, pools, stories = rnd.choice(self.sections)
            headlines, deks, leads, sentences = rnd.choice(stories)
            slots = Slots(rnd, pools)
            body = [rnd.choice(leads).format_map(slots)]
            picked = rnd.sample(sentences, min(len(sentences), rnd.randint(4, 9)))
            body.extend(sentence.format_map(slots) for sentence in picked)
            yield Document(
                id=number,
                title=rnd.choice(headlines).format_map(slots),
                body="\n\n".join([rnd.choice(deks).format_map(slots), *body]),
                url=f"/bench/{number}/",
                published=self.start + timedelta(seconds=(offset + rnd.random()) * step),
                section_id=section_id,
                section_title=section_title,
            )

    def queries(self, count: int) -> list[str]:
        """A fixed mix: single words, word pairs, quoted phrases, spelling variants, names."""
        rnd = random.Random(7)  # noqa: S311
        sample = [doc.title for doc in self.documents(300, first_id=10**9, rnd=rnd)]
        words = sorted({w for title in sample for w in title.split() if len(w) > 3})
        pairs = [t.split()[i : i + 2] for t in sample for i in range(0, len(t.split()) - 1, 3)]
        mix: list[str] = []
        mix += rnd.sample(words, 18)
        mix += [" ".join(pair) for pair in rnd.sample(pairs, 12)]
        mix += ['"' + " ".join(pair) + '"' for pair in rnd.sample(pairs, 8)]
        mix += [w.replace("أ", "ا").replace("ة", "ه") for w in rnd.sample(words, 6)]
        mix += ["حلب", "دمشق اليوم", "«مجلس الوزراء»", "COVID 2026", "ارتفاع الأسعار", "غزة"]
        return mix[:count]


def index_size(backend) -> int:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(settings.DATABASES["default"]["NAME"]).stat().st_size
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('akhbar_search_document')"
            " + pg_total_relation_size('akhbar_search_vector')"
        )
        return int(cursor.fetchone()[0])


def time_queries(backend, texts: list[str], *, rounds: int) -> tuple[list[float], float]:
    """Milliseconds per query (count + first page + snippets), and mean results per query."""
    from akhbar.search.query import parse_query
    from akhbar.search.service import SearchRequest, SearchResults

    def run(text: str) -> int:
        results = SearchResults(SearchRequest(query=parse_query(text)), backend=backend)
        results[0:10]  # one page of hits with their snippets, as the page renders it
        return results.count()

    for text in texts:  # warm the caches once, as a running site has them
        run(text)
    timings, found = [], 0
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            found += run(text)
            timings.append((time.perf_counter() - started) * 1000)
    return timings, found / (rounds * len(texts))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="akhbar-bench-search-") as tmp:
        configure(Path(tmp))
        from django.db import connection

        from akhbar.search.backends import get_backend
        from akhbar.search.backends.base import batched

        backend = get_backend()
        corpus = Corpus(args.seed)
        texts = corpus.queries(args.queries)
        rows = []
        for size in args.sizes:
            backend.clear()
            seconds = 0.0
            # Generating the text is not part of indexing: only backend calls are timed.
            for batch in batched(corpus.documents(size), 20_000):
                started = time.perf_counter()
                backend.index(batch, batch_size=1000)
                seconds += time.perf_counter() - started
            started = time.perf_counter()
            backend.optimize()
            seconds += time.perf_counter() - started
            timings, found = time_queries(backend, texts, rounds=args.rounds)
            rows.append(
                (
                    f"{type(backend).__name__} ({connection.vendor})",
                    f"{size:,}",
                    f"{size / seconds:,.0f}",
                    f"{index_size(backend) / 2**20:,.0f} MB",
                    f"{statistics.median(timings):.1f}",
                    f"{percentile(timings, 0.99):.1f}",
                    f"{found:,.0f}",
                )
            )
            print(f"done: {size:,} articles", file=sys.stderr)
        header = ("backend", "articles", "indexed/s", "index size", "p50 ms", "p99 ms", "hits")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
        print(f"{len(texts)} queries x {args.rounds} rounds; each: count + first 10 + snippets")


if __name__ == "__main__":
    main()
