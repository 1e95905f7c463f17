"""The page cache's front: hits answered from the process's memory, before Django's handler."""

import gzip
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started

from akhbar.publishing.backends.base import get_backend
from akhbar.publishing.backends.cache import PageCacheBackend
from akhbar.publishing.front import PageCacheFront
from akhbar.publishing.memory import MemoryPage, MemoryPages
from tests.factories import make_article, make_section
from tests.publishing.conftest import PAGE_CACHE


def page_cache_with_memory(settings, *, recheck_ms: int) -> None:
    settings.AKHBAR_PUBLISH_BACKENDS = {
        "cache": {
            "BACKEND": PAGE_CACHE,
            "TIMEOUT": 600,
            "FRAGMENT_TIMEOUT": 15,
            "MEMORY_MB": 4,
            "RECHECK_MS": recheck_ms,
        }
    }


@pytest.fixture
def django_requests(keep_connection_across_requests):
    """The requests that reached Django's handler."""
    reached = []

    def count(**kwargs):
        reached.append(kwargs)

    request_started.connect(count)
    yield reached
    request_started.disconnect(count)


@pytest.fixture
def app():
    return PageCacheFront(WSGIHandler())


def call(app, method: str, path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    """One request as a WSGI server hands it over: PATH_INFO is the URL's bytes as latin-1."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "HTTP_HOST": "testserver",
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    chunks = app(environ, start_response)
    body = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return answer["status"], answer["headers"], body


def test_second_reader_is_answered_from_memory(settings, app, django_requests, home):
    page_cache_with_memory(settings, recheck_ms=500)
    # An Arabic slug: the WSGI server's PATH_INFO differs from the one Django decodes.
    section = make_section(home, "مدن", slug="مدن")
    make_article(section, "افتتاح مكتبة عامة في الحي القديم")
    status, first_headers, first = call(app, "GET", section.url)
    assert (status, first_headers["X-Akhbar-Cache"]) == ("200 OK", "miss")
    assert len(django_requests) == 1

    status, headers, body = call(app, "GET", section.url)
    assert (status, headers["X-Akhbar-Cache"], body) == ("200 OK", "hit", first)
    assert len(django_requests) == 1, "a hit must not reach Django"
    assert "افتتاح مكتبة عامة في الحي القديم" in body.decode()
    for name in ("Content-Type", "Content-Security-Policy", "ETag", "Last-Modified"):
        assert headers[name] == first_headers[name], name

    _, zipped_headers, zipped = call(app, "GET", section.url, accept_encoding="gzip")
    assert zipped_headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped) == first
    _, head_headers, head = call(app, "HEAD", section.url)
    assert (head, head_headers["Content-Length"]) == (b"", str(len(first)))
    assert len(django_requests) == 1


def test_revalidations_sessions_and_posts_reach_django(settings, app, django_requests, section):
    page_cache_with_memory(settings, recheck_ms=500)
    _, headers, _ = call(app, "GET", section.url)
    assert call(app, "GET", section.url, if_none_match=headers["ETag"])[0].startswith("304")
    _, editor_headers, _ = call(app, "GET", section.url, cookie="sessionid=abc")
    assert "X-Akhbar-Cache" not in editor_headers
    call(app, "POST", section.url)
    assert len(django_requests) == 4


def test_a_publish_in_this_process_is_seen_at_once(
    settings, app, django_requests, section, django_capture_on_commit_callbacks
):
    page_cache_with_memory(settings, recheck_ms=60_000)
    article = make_article(section, "موعد جديد لمعرض الكتاب")
    call(app, "GET", section.url)
    call(app, "GET", section.url)
    article.title = "تأجيل معرض الكتاب إلى الربيع"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    _, headers, body = call(app, "GET", section.url)
    assert headers["X-Akhbar-Cache"] == "miss"
    assert "تأجيل معرض الكتاب إلى الربيع" in body.decode()


def test_an_invalidation_by_another_process_is_seen_on_recheck(
    settings, app, django_requests, section
):
    page_cache_with_memory(settings, recheck_ms=0)
    call(app, "GET", section.url)
    assert call(app, "GET", section.url)[1]["X-Akhbar-Cache"] == "hit"
    backend = get_backend(PageCacheBackend)
    # What the scheduler's or an import's invalidation leaves in the shared cache.
    backend.cache.delete(backend.version_key(section.url))
    assert call(app, "GET", section.url)[1]["X-Akhbar-Cache"] == "miss"


def test_without_memory_every_request_reaches_django(settings, app, django_requests, section):
    settings.AKHBAR_PUBLISH_BACKENDS = {"cache": {"BACKEND": PAGE_CACHE, "MEMORY_MB": 0}}
    call(app, "GET", section.url)
    assert call(app, "GET", section.url)[1]["X-Akhbar-Cache"] == "hit"
    assert len(django_requests) == 2


def memory_page(path: str, size: int, version: str = "v1") -> MemoryPage:
    return MemoryPage(
        path=path, version=version, plain=([], b"x" * size), gzipped=([], b""), expires=1e12
    )


def test_memory_trusts_a_page_until_the_recheck_then_asks():
    asked = []

    def version(path):
        asked.append(path)
        return "v2"

    trusting = MemoryPages(max_bytes=1000, recheck=60)
    trusting.put(("h", "/a/", ""), memory_page("/a/", 10))
    assert trusting.get(("h", "/a/", ""), version) is not None
    assert asked == []
    checking = MemoryPages(max_bytes=1000, recheck=0)
    checking.put(("h", "/a/", ""), memory_page("/a/", 10))
    assert checking.get(("h", "/a/", ""), version) is None
    assert asked == ["/a/"]


def test_memory_is_bounded_and_drops_every_variant_of_a_path():
    memory = MemoryPages(max_bytes=250, recheck=60)
    for index in range(3):
        memory.put(("h", f"/p{index}/", ""), memory_page(f"/p{index}/", 100))
    assert memory.get(("h", "/p0/", ""), str) is None, "the first stored goes first"
    assert memory.get(("h", "/p2/", ""), str) is not None
    memory.put(("h", "/p2/", "page=2"), memory_page("/p2/", 10))
    memory.drop(["/p2/"])
    assert memory.get(("h", "/p2/", ""), str) is None
    assert memory.get(("h", "/p2/", "page=2"), str) is None
    assert memory.get(("h", "/p1/", ""), str) is not None
