"""The embedded default's full-page cache: rendered reader pages kept in Django's cache.

Entries are keyed by a version per path, so invalidating a path (one cache write) drops
its ?page=N variants at once; a page is rendered again lazily, by its next reader.
"""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.core.cache import caches

from akhbar.publishing.backends.base import PublishingBackend

KEY_PREFIX = "akhbar:page"


@dataclass(frozen=True)
class CachedPage:
    """A cacheable response: body (plain and gzipped), headers to replay and validators."""

    body: bytes
    gzipped: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


class PageCacheBackend(PublishingBackend):
    """Params: TIMEOUT (seconds a page is kept), FRAGMENT_TIMEOUT, CACHE (alias, "default")."""

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.cache = caches[params.get("CACHE", "default")]
        self.timeout = int(params.get("TIMEOUT", 600))
        self.fragment_timeout = int(params.get("FRAGMENT_TIMEOUT", 15))

    def version_key(self, path: str) -> str:
        return f"{KEY_PREFIX}:v:{_digest(path)}"

    def current_version(self, path: str) -> str:
        """The version entries of `path` are stored under, created on first use."""
        return self.cache.get_or_set(self.version_key(path), uuid.uuid4().hex, timeout=None)

    def entry_key(self, host: str, path: str, query: str, version: str) -> str:
        return f"{KEY_PREFIX}:{_digest(host)}:{_digest(path)}:{_digest(query)}:{version}"

    def get(self, host: str, path: str, query: str) -> tuple[str, CachedPage | None]:
        """The path's current version and its cached page, if any."""
        version = self.current_version(path)
        return version, self.cache.get(self.entry_key(host, path, query, version))

    def set(self, host: str, path: str, query: str, version: str, page: CachedPage) -> None:
        timeout = self.fragment_timeout if path.startswith("/fragments/") else self.timeout
        self.cache.set(self.entry_key(host, path, query, version), page, timeout=timeout)

    def invalidate(self, paths: Collection[str]) -> None:
        self.cache.delete_many([self.version_key(path.split("?", 1)[0]) for path in paths])


def compress(body: bytes) -> bytes:
    """gzip once at store time (level 6: most of level 9's saving at a fraction of its time)."""
    return gzip.compress(body, compresslevel=6, mtime=0)
