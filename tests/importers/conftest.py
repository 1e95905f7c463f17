from collections.abc import Iterable
from pathlib import Path

import pytest

from akhbar.importers.pipeline import ImportOptions, import_site, run_import, site_time_zone
from akhbar.importers.records import ArticleRecord, Failure, ImportReport
from akhbar.importers.sources.jsonl import read_jsonl

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"


def fixture(name: str) -> Path:
    return FIXTURES / name


def read(path: Path, *, max_line_bytes: int = 100_000) -> list[ArticleRecord | Failure]:
    with path.open("rb") as stream:
        zone = site_time_zone(import_site())
        return list(read_jsonl(stream, time_zone=zone, max_line_bytes=max_line_bytes))


@pytest.fixture
def run_records(home, django_capture_on_commit_callbacks):
    """Import records as `akhbar import` does, running what waits for the commit."""

    def run(
        records: Iterable[ArticleRecord | Failure], *, source: str = "jsonl", **options
    ) -> ImportReport:
        with django_capture_on_commit_callbacks(execute=True):
            return run_import(records, ImportOptions(source=source, **options))

    return run


@pytest.fixture
def import_file(run_records):
    def run(name: str, **options) -> ImportReport:
        return run_records(read(fixture(name)), **options)

    return run
