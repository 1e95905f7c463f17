"""Render deploy/nginx/akhbar.conf with this machine's paths and the app's security headers.

    DJANGO_SETTINGS_MODULE=akhbar.settings.production .venv/bin/python deploy/nginx/render.py \\
        --listen 80 --server-name news.example --app 127.0.0.1:8000 \\
        > /etc/nginx/sites-available/akhbar

The test of the config (tests/publishing/test_nginx.py) and `make bench` render it with the same
functions, so what they check is what production runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE = Path(__file__).with_name("akhbar.conf")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# Reader pages change when an editor publishes: browsers keep them briefly, then revalidate.
HTML_CACHE_CONTROL = "max-age=30, must-revalidate"
# A placeholder, with its indentation when it starts a line: a value of several lines keeps it.
PLACEHOLDER = re.compile(r"(^[ \t]*)?@([A-Z_]+)@", re.MULTILINE)
# A value nginx would read as syntax or a variable instead of text.
_UNSAFE = frozenset('"$\\{};\n\r')


@dataclass(frozen=True)
class Site:
    """What the template needs: where to listen, the folders, the upstream app and its headers."""

    listen: str
    app_upstream: str
    publish_root: Path
    static_root: Path
    media_root: Path
    server_name: str = "_"
    session_cookie: str = "sessionid"
    max_body_size: str = "20m"
    headers: Mapping[str, str] = field(default_factory=dict)
    brotli: bool = False


def security_headers() -> dict[str, str]:
    """The headers the app puts on a reader page, read from the same Django settings."""
    from csp.utils import build_policy
    from django.conf import settings

    headers = {}
    if getattr(settings, "CONTENT_SECURITY_POLICY", None):
        # django-csp joins the directives in set order; sorted, the rendered file is stable.
        headers["Content-Security-Policy"] = "; ".join(sorted(build_policy().split("; ")))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        headers["Referrer-Policy"] = policy if isinstance(policy, str) else ",".join(policy)
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return headers


def site_from_settings(
    *, listen: str, app_upstream: str, publish_root: Path | None = None, server_name: str = "_"
) -> Site:
    """A `Site` for the running Django settings; `publish_root` defaults to AKHBAR_PUBLISH_ROOT."""
    from django.conf import settings

    publish_root = publish_root or getattr(settings, "AKHBAR_PUBLISH_ROOT", None)
    if not publish_root:
        raise ValueError("Set AKHBAR_PUBLISH_ROOT (or pass --publish-root): nginx serves it.")
    upload_mb = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // (1024 * 1024)
    return Site(
        listen=listen,
        app_upstream=app_upstream,
        publish_root=Path(publish_root),
        static_root=Path(settings.STATIC_ROOT),
        media_root=Path(settings.MEDIA_ROOT),
        server_name=server_name,
        session_cookie=settings.SESSION_COOKIE_NAME,
        # The form around an upload is a little larger than the file.
        max_body_size=f"{upload_mb + 2}m",
        headers=security_headers(),
        brotli=BROTLI_MODULE.exists(),
    )


def _safe(name: str, value: object, *, allow: str = "") -> str:
    text = str(value)
    if not text or (_UNSAFE - set(allow)) & set(text):
        raise ValueError(f"{name} cannot go into the nginx config as it is: {text!r}")
    return text


def published_directives(site: Site) -> list[str]:
    """The directives of a location that serves the published file, else the app."""
    lines = [
        "error_page 418 = @app;",
        "if ($akhbar_needs_app) {",
        "    return 418;",
        "}",
        # `/section/` is `/section/index.html`; `/section` goes to the app, which redirects.
        # Pages (paths ending in a slash) are most requests: their file is tried first, so
        # they cost one stat; feeds and sitemaps pay the second.
        "try_files ${uri}index.html $uri @app;",
        # gzip_vary would make gzip_static and brotli_static open the .gz and .br copies on
        # every request, even when the client takes neither, only to decide on this header.
        "gzip_vary off;",
        'add_header Vary "Accept-Encoding";',
        f'add_header Cache-Control "{HTML_CACHE_CONTROL}";',
    ]
    for name, value in site.headers.items():
        quoted = _safe(name, value, allow=";")
        lines.append(f'add_header {_safe("header name", name)} "{quoted}";')
    return lines


def render(site: Site) -> str:
    """The site file: the template with every placeholder filled, or a ValueError saying why."""
    values = {
        "LISTEN": _safe("listen", site.listen),
        "SERVER_NAME": _safe("server name", site.server_name),
        "APP_UPSTREAM": _safe("app upstream", site.app_upstream),
        "PUBLISH_ROOT": _safe("publish root", site.publish_root),
        "STATIC_ROOT": _safe("static root", site.static_root),
        "MEDIA_ROOT": _safe("media root", site.media_root),
        "SESSION_COOKIE": _safe("session cookie", site.session_cookie),
        "MAX_BODY_SIZE": _safe("max body size", site.max_body_size),
        "BROTLI_STATIC": "brotli_static on;"
        if site.brotli
        else "# brotli_static: install libnginx-mod-http-brotli-static to serve the .br files",
        "FROM_PUBLISH_FOLDER": "\n".join(published_directives(site)),
    }

    def fill(match: re.Match[str]) -> str:
        indent, name = match.group(1) or "", match.group(2)
        return "\n".join(indent + line for line in values[name].split("\n"))

    return PLACEHOLDER.sub(fill, TEMPLATE.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="80", help="nginx `listen`, e.g. 80 or 127.0.0.1:8080")
    parser.add_argument("--server-name", default="_", help="the site's host names")
    parser.add_argument("--app", default="127.0.0.1:8000", help="granian's host:port")
    parser.add_argument("--publish-root", type=Path, help="default: AKHBAR_PUBLISH_ROOT")
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.production")
    import django

    django.setup()
    try:
        site = site_from_settings(
            listen=options.listen,
            app_upstream=options.app,
            publish_root=options.publish_root,
            server_name=options.server_name,
        )
        sys.stdout.write(render(site))
    except ValueError as exc:
        raise SystemExit(f"render.py: {exc}") from exc


if __name__ == "__main__":
    main()
