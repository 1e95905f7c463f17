from pathlib import Path

import pytest

from tests.factories import make_author, make_section

FOLDER = "akhbar.publishing.backends.filesystem.FilesystemBackend"
PAGE_CACHE = "akhbar.publishing.backends.cache.PageCacheBackend"


@pytest.fixture
def publish_root(settings, tmp_path) -> Path:
    """Static publishing into a fresh folder, its tasks run at once (test settings)."""
    root = tmp_path / "site"
    settings.AKHBAR_PUBLISH_BACKENDS = {"folder": {"BACKEND": FOLDER, "ROOT": str(root)}}
    return root


@pytest.fixture
def page_cache(settings):
    settings.AKHBAR_PUBLISH_BACKENDS = {
        "cache": {"BACKEND": PAGE_CACHE, "TIMEOUT": 600, "FRAGMENT_TIMEOUT": 15}
    }


@pytest.fixture
def newsroom(home):
    """Three sections and three writers, for sites built by the tests."""
    sections = {
        slug: make_section(home, title, slug=slug)
        for slug, title in (("politics", "سياسة"), ("economy", "اقتصاد"), ("culture", "ثقافة"))
    }
    authors = [
        make_author("سلمى الحلبي", slug="salma"),
        make_author("رامي الشامي", slug="rami"),
        make_author("ليلى المصري", slug="layla"),
    ]
    return sections, authors
