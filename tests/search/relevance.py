"""Our Arabic relevance set (tests/fixtures/search) and nDCG@10, shared by the relevance test
and anything else that wants to measure ranking changes."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "search"


@dataclass(frozen=True)
class Article:
    key: str
    section: str
    published: datetime
    title: str
    dek: str
    body: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Judged:
    """A query and the grade of each relevant article (3 best; unlisted articles are 0)."""

    q: str
    kind: str
    relevant: dict[str, int]


def articles() -> list[Article]:
    rows = [json.loads(line) for line in (FIXTURES / "articles.jsonl").read_text().splitlines()]
    return [
        Article(
            key=row["key"],
            section=row["section"],
            published=datetime.fromisoformat(row["published"]),
            title=row["title"],
            dek=row["dek"],
            body=tuple(row["body"]),
            tags=tuple(row["tags"]),
        )
        for row in rows
    ]


def queries() -> list[Judged]:
    return [Judged(**row) for row in json.loads((FIXTURES / "queries.json").read_text())]


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    """Normalized discounted cumulative gain with exponential gains (2^grade - 1)."""
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / best if best else 1.0


def evaluate(search: Callable[[str], list[str]]) -> tuple[float, dict[str, float]]:
    """Mean nDCG@10 over the set, and per kind of query, for a text → ranked keys function."""
    by_kind: dict[str, list[float]] = {}
    for judged in queries():
        by_kind.setdefault(judged.kind, []).append(ndcg(search(judged.q), judged.relevant))
    scores = [score for kind in by_kind.values() for score in kind]
    return sum(scores) / len(scores), {k: sum(v) / len(v) for k, v in sorted(by_kind.items())}
