"""deploy/nginx/akhbar.conf, rendered as in production, run by Debian's nginx on loopback.

nginx serves a publish folder written here (the layout of akhbar's PublishFolder: `<path>index.html`
beside `.gz` and `.br`) in front of the real app (the `demo_site` fixture).
"""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import brotli
import pytest

from deploy.nginx.render import BROTLI_MODULE, HTML_CACHE_CONTROL, render, site_from_settings
from tests.servers import NGINX, free_port, running_nginx

pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("demo_site")]

ARTICLE = "/اقتصاد/افتتاح-سوق-الخضار/"
ARTICLE_HTML = "<!doctype html><title>افتتاح سوق الخضار</title><p>نسخة منشورة</p>".encode()
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
]


def policy(values: list[str] | None) -> set[str]:
    """A header's directives: the app's CSP lists them in no fixed order."""
    return {part.strip() for value in values or [] for part in value.split(";")}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@dataclass(frozen=True)
class Nginx:
    url: str
    publish_root: Path
    static_root: Path

    def get(self, path: str, *, method: str = "GET", **headers: str) -> Answer:
        """One request, headers and body as they came (no redirects followed, no decoding)."""
        address = urlsplit(self.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            body = b"" if method == "POST" else None
            connection.request(method, quote(path, safe="/?=&"), body=body, headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def publish(self, path: str, body: bytes) -> Path:
        """Write a page as akhbar's publish folder has it: the file, its .gz and its .br."""
        name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
        target = self.publish_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        target.with_name(target.name + ".gz").write_bytes(gzip.compress(body, mtime=0))
        target.with_name(target.name + ".br").write_bytes(brotli.compress(body))
        return target


@pytest.fixture(scope="module")
def nginx(demo_site, tmp_path_factory) -> Iterator[Nginx]:
    assert Path(NGINX).exists(), f"{NGINX} is missing: `make system-deps` installs nginx-light"
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    site = site_from_settings(
        listen=f"127.0.0.1:{port}",
        app_upstream=urlsplit(demo_site).netloc,
        publish_root=folder / "publish",
    )
    site.publish_root.mkdir()
    site.static_root.mkdir(parents=True, exist_ok=True)
    with running_nginx(render(site), port=port, folder=folder / "nginx") as url:
        yield Nginx(url, site.publish_root, site.static_root)


def test_published_page_is_served_from_its_file(nginx):
    page = nginx.publish(ARTICLE, ARTICLE_HTML)

    first = nginx.get(ARTICLE)
    page.write_bytes(ARTICLE_HTML.replace("نسخة منشورة".encode(), "نسخة معدلة".encode()))
    second = nginx.get(ARTICLE)

    assert first.status == second.status == 200
    assert first.body == ARTICLE_HTML
    assert "نسخة معدلة" in second.body.decode()
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"
    assert first.headers["Cache-Control"] == HTML_CACHE_CONTROL
    assert first.headers["ETag"]
    # Caches between nginx and the reader must keep the plain and compressed copies apart.
    assert first.headers["Vary"] == "Accept-Encoding"
    assert nginx.get(ARTICLE, **{"If-None-Match": second.headers["ETag"]}).status == 304


def test_a_page_renamed_into_place_is_served_at_once(nginx, tmp_path):
    """The publisher replaces a file by renaming a new one over it; nginx keeps files open
    (open_file_cache) and must still serve the new one on the very next request."""
    page = nginx.publish(ARTICLE, ARTICLE_HTML)
    assert nginx.get(ARTICLE).body == ARTICLE_HTML
    for edition in range(3):
        changed = ARTICLE_HTML.replace("نسخة منشورة".encode(), f"طبعة {edition}".encode())
        fresh = page.with_name(f".fresh-{edition}")
        fresh.write_bytes(changed)
        fresh.replace(page)
        assert nginx.get(ARTICLE).body == changed
    page.unlink()
    assert nginx.get(ARTICLE).body != changed


def test_gzip_is_the_precompressed_file(nginx):
    page = nginx.publish(ARTICLE, ARTICLE_HTML)

    answer = nginx.get(ARTICLE, **{"Accept-Encoding": "gzip"})

    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert answer.body == page.with_name("index.html.gz").read_bytes()
    assert gzip.decompress(answer.body) == ARTICLE_HTML


@pytest.mark.skipif(not BROTLI_MODULE.exists(), reason="libnginx-mod-http-brotli-static missing")
def test_brotli_is_the_precompressed_file(nginx):
    page = nginx.publish(ARTICLE, ARTICLE_HTML)

    answer = nginx.get(ARTICLE, **{"Accept-Encoding": "gzip, br"})

    assert answer.headers["Content-Encoding"] == "br"
    assert answer.body == page.with_name("index.html.br").read_bytes()


def test_unpublished_path_falls_through_to_the_app(nginx):
    home = nginx.get("/")
    missing = nginx.get("/لا-توجد-صفحة/")

    assert not (nginx.publish_root / "index.html").exists()
    assert home.status == 200
    assert b'dir="rtl"' in home.body
    assert missing.status == 404
    assert b'dir="rtl"' in missing.body


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", ARTICLE + "?page=2", {}),
        ("POST", ARTICLE, {}),
        ("GET", ARTICLE, {"Cookie": "theme=dark; sessionid=abc"}),
    ],
    ids=["query-string", "post", "session"],
)
def test_requests_the_file_cannot_answer_go_to_the_app(nginx, method, path, headers):
    nginx.publish(ARTICLE, ARTICLE_HTML)

    answer = nginx.get(path, method=method, **headers)

    # The app has no such article: its own 404 (or CSRF 403 for the POST), never the file.
    assert answer.status in {403, 404}
    assert "نسخة منشورة".encode() not in answer.body


def test_admin_is_always_the_app(nginx):
    nginx.publish("/admin/login/", b"<p>not the login page</p>")

    answer = nginx.get("/admin/login/")

    assert answer.status == 200
    assert b"not the login page" not in answer.body
    assert b'name="password"' in answer.body


@pytest.mark.parametrize("path", ["/search/", "/api/v1/articles/", "/documents/1/", "/feeds/x/"])
def test_app_only_paths_never_serve_a_file(nginx, path):
    nginx.publish(path, ARTICLE_HTML)

    answer = nginx.get(path)

    assert answer.status != 502
    assert "نسخة منشورة".encode() not in answer.body


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/feeds/rss.xml", "application/rss+xml; charset=utf-8"),
        ("/feeds/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/feeds/feed.json", "application/feed+json; charset=utf-8"),
        ("/feeds/sections/اقتصاد/rss.xml", "application/rss+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_published_files_have_their_content_types(nginx, path, content_type):
    nginx.publish(path, "<خبر/>".encode())

    answer = nginx.get(path)

    assert answer.status == 200
    assert answer.body == "<خبر/>".encode()
    assert answer.headers["Content-Type"] == content_type


def test_file_served_page_has_the_apps_security_headers(nginx):
    nginx.publish(ARTICLE, ARTICLE_HTML)

    from_file = nginx.get(ARTICLE).headers
    from_app = nginx.get("/?from=app").headers

    assert "nosniff" in from_file["X-Content-Type-Options"]
    assert "default-src 'self'" in from_file["Content-Security-Policy"]
    for name in SECURITY_HEADERS:
        assert policy(from_file.get_all(name)) == policy(from_app.get_all(name)), name


def test_static_files_are_served_with_a_long_cache(nginx):
    style = nginx.static_root / "akhbar" / "css" / "site.0123abcd.css"
    style.parent.mkdir(parents=True, exist_ok=True)
    style.write_text("body { margin-inline-start: 0 }")

    answer = nginx.get("/static/akhbar/css/site.0123abcd.css")

    assert answer.status == 200
    assert answer.body == style.read_bytes()
    assert "immutable" in answer.headers["Cache-Control"]
