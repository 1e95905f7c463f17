import gzip
import threading

import brotli
import pytest
from django.core.exceptions import SuspiciousOperation

from akhbar.publishing.backends.filesystem import FilesystemBackend, PublishFolder

PAGE = "<!doctype html><title>خبر</title><p>نص الخبر كاملاً.</p>".encode()


@pytest.mark.parametrize(
    ("path", "file"),
    [
        ("/", "index.html"),
        ("/politics/", "politics/index.html"),
        ("/politics/خبر-عاجل/", "politics/خبر-عاجل/index.html"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/feeds/feed.json", "feeds/feed.json"),
        ("/feeds/tags/ثقافة/rss.xml", "feeds/tags/ثقافة/rss.xml"),
        ("/robots.txt", "robots.txt"),
    ],
)
def test_layout_the_nginx_config_relies_on(tmp_path, path, file):
    folder = PublishFolder(tmp_path)
    assert folder.write(path, PAGE)
    assert (tmp_path / file).read_bytes() == PAGE
    assert gzip.decompress((tmp_path / f"{file}.gz").read_bytes()) == PAGE
    assert brotli.decompress((tmp_path / f"{file}.br").read_bytes()) == PAGE


@pytest.mark.parametrize(
    "path",
    [
        "/../etc/passwd",
        "/politics/../../outside/",
        "/a/\x00/",
        "relative/",
        "/politics",
        "/tags/x/?page=2",
        "/a\\..\\b/",
        "/./index.html",
    ],
)
def test_unsafe_paths_are_refused_and_nothing_is_written(tmp_path, path):
    root = tmp_path / "site"
    folder = PublishFolder(root)
    with pytest.raises(SuspiciousOperation):
        folder.write(path, PAGE)
    assert not any(tmp_path.rglob("*passwd*"))
    assert not (tmp_path / "outside").exists()


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "escape").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SuspiciousOperation):
        PublishFolder(root).write("/escape/page/", PAGE)
    assert not any((tmp_path / "elsewhere").iterdir())


def test_identical_bytes_are_not_rewritten_and_remove_withdraws_every_copy(tmp_path):
    folder = PublishFolder(tmp_path)
    assert folder.write("/politics/", PAGE)
    inode = (tmp_path / "politics/index.html").stat().st_ino
    assert not folder.write("/politics/", PAGE)
    assert (tmp_path / "politics/index.html").stat().st_ino == inode
    assert folder.remove("/politics/")
    assert list((tmp_path / "politics").iterdir()) == []
    assert not folder.remove("/politics/")


def test_readers_never_see_a_partial_file(tmp_path):
    """Rewrite a large page many times while another thread reads it in a loop."""
    folder = PublishFolder(tmp_path)
    versions = [bytes([65 + n]) * 2_000_000 for n in range(4)]
    folder.write("/big/", versions[0])
    target = tmp_path / "big/index.html"
    seen: set[bytes] = set()
    torn: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            body = target.read_bytes()
            if body not in versions:
                torn.append(len(body))
            seen.add(body[:1])

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(40):
            folder.write("/big/", versions[round_ % len(versions)])
    finally:
        done.set()
        reader.join()
    assert torn == []
    assert len(seen) > 1
    assert not [p for p in (tmp_path / "big").iterdir() if p.name.startswith(".publish-")]


def test_arabic_addresses_are_published_under_their_decoded_names(
    home, publish_root, django_capture_on_commit_callbacks
):
    """nginx looks files up by the decoded URI: a percent-encoded name would never be found."""
    from tests.factories import make_article, make_section

    culture = make_section(home, "ثقافة", slug="ثقافة")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(culture, "معرض للكتاب في المدينة")
    assert "%" in article.url
    assert (publish_root / "ثقافة" / article.slug / "index.html").exists()
    assert not list(publish_root.rglob("%*"))


def test_the_changed_page_jumps_the_queue_and_sitemaps_go_last(monkeypatch, tmp_path):
    """No worker holds a publish back behind another change's lists and sitemaps: the
    changed page has a queue of its own; the lists wait there in small tasks, then the
    sitemaps."""
    from akhbar.publishing import tasks
    from akhbar.publishing.backends.filesystem import BACKGROUND, ROUTINE, URGENT

    queued = []

    class Queue:
        def __init__(self, priority, queue_name):
            self.priority, self.queue_name = priority, queue_name

        def enqueue(self, paths):
            queued.append((self.queue_name, self.priority, paths))

    class Task:
        using = staticmethod(Queue)

    monkeypatch.setattr(tasks, "publish_paths", Task)
    lists = [f"/tags/وسم-{number}/" for number in range(10)]
    FilesystemBackend({"ROOT": str(tmp_path)}).invalidate(
        ["/politics/article/", "/sitemap.xml", *lists, "/?page=2", "/sitemap-articles-2026-11.xml"]
    )
    assert queued == [
        ("publishing", URGENT, ["/politics/article/"]),
        ("publishing-background", ROUTINE, lists[:8]),
        ("publishing-background", ROUTINE, lists[8:]),
        ("publishing-background", BACKGROUND, ["/sitemap.xml"]),
        ("publishing-background", BACKGROUND, ["/sitemap-articles-2026-11.xml"]),
    ]
