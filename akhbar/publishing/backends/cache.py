"""The embedded default's full-page cache: rendered reader pages kept in Django's cache.

Entries are keyed by a version per path, so invalidating a path (one cache write) drops
its ?page=N variants at once; a page is rendered again lazily, by its next reader. Each
process also keeps the pages it serves in memory (akhbar.publishing.memory), in front of
Django's handler.
"""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.http import http_date

from akhbar.publishing.backends.base import PublishingBackend
from akhbar.publishing.memory import Key, MemoryPage, MemoryPages

KEY_PREFIX = "akhbar:page"
#: Part of every path's version: deleting it drops every cached page at once.
SITE_VERSION_KEY = f"{KEY_PREFIX}:v:site"


@dataclass(frozen=True)
class CachedPage:
    """A cacheable response: body (plain and gzipped), headers to replay and validators."""

    body: bytes
    gzipped: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int

    def validators(self) -> list[tuple[str, str]]:
        """What every answer carries, 304s included."""
        return [
            ("ETag", self.etag),
            ("Last-Modified", http_date(self.last_modified)),
            ("Vary", "Accept-Encoding"),
        ]

    def response(self, *, gzipped: bool) -> tuple[list[tuple[str, str]], bytes]:
        """The headers and body of a full answer."""
        body = self.gzipped if gzipped else self.body
        headers = [*self.headers, *self.validators(), ("Content-Length", str(len(body)))]
        if gzipped:
            headers.append(("Content-Encoding", "gzip"))
        return headers, body


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


class PageCacheBackend(PublishingBackend):
    """Params: TIMEOUT (seconds a page is kept), FRAGMENT_TIMEOUT, CACHE (alias, "default"),
    MEMORY_MB (each process's in-memory copies; 0 for none) and RECHECK_MS (how long a
    process trusts its copy before asking the shared cache whether the path changed)."""

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.cache = caches[params.get("CACHE", "default")]
        self.timeout = int(params.get("TIMEOUT", 600))
        self.fragment_timeout = int(params.get("FRAGMENT_TIMEOUT", 15))
        memory_mb = int(params.get("MEMORY_MB", 0))
        self.memory = (
            MemoryPages(
                max_bytes=memory_mb * 1024 * 1024,
                recheck=int(params.get("RECHECK_MS", 500)) / 1000,
            )
            if memory_mb > 0
            else None
        )

    def version_key(self, path: str) -> str:
        return f"{KEY_PREFIX}:v:{_digest(path)}"

    def current_version(self, path: str) -> str:
        """The version entries of `path` are stored under: the site's and the path's own,
        each created on first use."""
        keys = [SITE_VERSION_KEY, self.version_key(path)]
        versions = self.cache.get_many(keys)
        for key in keys:
            if key not in versions:
                versions[key] = self.cache.get_or_set(key, uuid.uuid4().hex, timeout=None)
        return ".".join(versions[key] for key in keys)

    def entry_key(self, host: str, path: str, query: str, version: str) -> str:
        return f"{KEY_PREFIX}:{_digest(host)}:{_digest(path)}:{_digest(query)}:{version}"

    def get(self, host: str, path: str, query: str) -> tuple[str, CachedPage | None]:
        """The path's current version and its cached page, if any."""
        version = self.current_version(path)
        return version, self.cache.get(self.entry_key(host, path, query, version))

    def set(self, host: str, path: str, query: str, version: str, page: CachedPage) -> None:
        self.cache.set(
            self.entry_key(host, path, query, version), page, timeout=self._timeout(path)
        )

    def keep_in_memory(self, key: Key, path: str, version: str, page: CachedPage) -> None:
        """Copy a page this process serves into its memory, if it keeps one."""
        if self.memory is not None:
            self.memory.put(
                key,
                MemoryPage(
                    path=path,
                    version=version,
                    plain=page.response(gzipped=False),
                    gzipped=page.response(gzipped=True),
                    expires=page.last_modified + self._timeout(path),
                ),
            )

    def invalidate(self, paths: Collection[str]) -> None:
        plain_paths = {path.split("?", 1)[0] for path in paths}
        self.cache.delete_many([self.version_key(path) for path in plain_paths])
        if self.memory is not None:
            self.memory.drop(plain_paths)

    def invalidate_site(self) -> None:
        self.cache.delete(SITE_VERSION_KEY)
        if self.memory is not None:
            self.memory.clear()

    def _timeout(self, path: str) -> int:
        return self.fragment_timeout if path.startswith("/fragments/") else self.timeout


def compress(body: bytes) -> bytes:
    """gzip once at store time (level 6: most of level 9's saving at a fraction of its time)."""
    return gzip.compress(body, compresslevel=6, mtime=0)
