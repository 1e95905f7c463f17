"""Each app-server process keeps its hottest cached pages in memory, ready to send.

A hit through the shared cache (files or Redis) costs two reads, two decompressions and a
Django response, which is most of a render's worth of Python for a page nginx would send
from a file. The front (akhbar.publishing.front) answers from this store instead, before
Django's handler. Its entries are the shared cache's pages: the middleware copies each one
here as it serves it, and a path's entries are dropped when this process invalidates it or,
for invalidations from other processes (the scheduler, an import, another server), when the
shared version no longer matches, which is checked at most every `recheck` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

#: A request as the WSGI server gives it: host, PATH_INFO (still WSGI-encoded) and query.
Key = tuple[str, str, str]


@dataclass
class MemoryPage:
    """One page ready to send: the status line's headers and bodies, plain and gzipped."""

    path: str
    version: str
    plain: tuple[list[tuple[str, str]], bytes]
    gzipped: tuple[list[tuple[str, str]], bytes]
    expires: float
    checked: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> int:
        return len(self.plain[1]) + len(self.gzipped[1])


class MemoryPages:
    """A byte-bounded store; when full, the pages stored first go first."""

    def __init__(self, *, max_bytes: int, recheck: float) -> None:
        self.max_bytes = max_bytes
        self.recheck = recheck
        self._pages: dict[Key, MemoryPage] = {}
        self._keys_by_path: dict[str, set[Key]] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Key, current_version: Callable[[str], str]) -> MemoryPage | None:
        """The page for `key` if it is still current; `current_version(path)` asks the shared
        cache, at most once per `recheck` seconds per page."""
        page = self._pages.get(key)
        if page is None:
            return None
        now = time.monotonic()
        if now - page.checked >= self.recheck:
            if time.time() >= page.expires or current_version(page.path) != page.version:
                self.drop([page.path])
                return None
            page.checked = now
        return page

    def put(self, key: Key, page: MemoryPage) -> None:
        if page.size > self.max_bytes:
            return
        with self._lock:
            self._remove(key)
            self._pages[key] = page
            self._keys_by_path.setdefault(page.path, set()).add(key)
            self._bytes += page.size
            while self._bytes > self.max_bytes:
                self._remove(next(iter(self._pages)))

    def drop(self, paths: Collection[str]) -> None:
        """Forget every page (all hosts and queries) of these reader paths."""
        with self._lock:
            for path in paths:
                for key in list(self._keys_by_path.get(path, ())):
                    self._remove(key)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._keys_by_path.clear()
            self._bytes = 0

    def _remove(self, key: Key) -> None:
        page = self._pages.pop(key, None)
        if page is None:
            return
        self._bytes -= page.size
        keys = self._keys_by_path[page.path]
        keys.discard(key)
        if not keys:
            del self._keys_by_path[page.path]
