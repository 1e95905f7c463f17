"""The publish folder: every reader page as a file nginx serves without touching the app.

Layout: a path ending in `/` is `<path>index.html`; a path whose last segment has an
extension (`/sitemap.xml`, `/feeds/rss.xml`, `/robots.txt`) is that file. Each file has a
`.gz` and a `.br` beside it for nginx's gzip_static and brotli_static.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Collection
from pathlib import Path, PurePosixPath

import brotli
from django.core.exceptions import SuspiciousOperation

from akhbar.publishing.backends.base import PublishingBackend
from akhbar.publishing.invalidation import is_sitemap

# Pages are compressed at the strongest levels (written once, read thousands of times);
# a sitemap of 50,000 addresses (17 MB) would take brotli's quality 11 most of a minute.
LARGE_BODY = 1_000_000


def _level(body: bytes, small: int, large: int) -> int:
    return small if len(body) < LARGE_BODY else large


COMPRESSED = {
    ".gz": lambda body: gzip.compress(body, compresslevel=_level(body, 9, 6), mtime=0),
    ".br": lambda body: brotli.compress(body, quality=_level(body, 11, 5)),
}


class PublishFolder:
    """Atomic writes of reader pages under `root`, refusing any path that leaves it."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def file_for(self, path: str) -> Path:
        """The file a reader path is published as; SuspiciousOperation for unsafe paths."""
        if not path.startswith("/") or "\x00" in path or "?" in path or "\\" in path:
            raise SuspiciousOperation(f"Not a publishable path: {path!r}")
        if any(segment in ("..", ".") for segment in path.split("/")):
            raise SuspiciousOperation(f"Path leaves the publish folder: {path!r}")
        parts = PurePosixPath(path).parts[1:]
        if path.endswith("/"):
            target = self.root.joinpath(*parts, "index.html")
        elif PurePosixPath(path).suffix:
            target = self.root.joinpath(*parts)
        else:
            raise SuspiciousOperation(f"Neither a page (/…/) nor a file (….xml): {path!r}")
        if not target.resolve().is_relative_to(self.root):
            raise SuspiciousOperation(f"Path leaves the publish folder: {path!r}")
        return target

    def write(self, path: str, body: bytes) -> bool:
        """Publish `body` at `path` with its compressed copies; False when it was unchanged."""
        target = self.file_for(path)
        try:
            if target.read_bytes() == body:
                return False
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        # Compressed copies first: nginx prefers them, and the page itself is the last to
        # change, so a reader never gets a new .gz beside an old page for long.
        for suffix, compress in COMPRESSED.items():
            _replace(target.with_name(target.name + suffix), compress(body))
        _replace(target, body)
        return True

    def remove(self, path: str) -> bool:
        """Withdraw `path` and its compressed copies; False when it was not published."""
        target = self.file_for(path)
        removed = False
        for file in (target, *(target.with_name(target.name + s) for s in COMPRESSED)):
            try:
                file.unlink()
                removed = True
            except FileNotFoundError:
                pass
        return removed


def _replace(target: Path, body: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: readers see old or new."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".publish-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Task priorities (the database queue runs higher ones first) and the size of a list task.
URGENT, ROUTINE, BACKGROUND = 10, 0, -10
TASK_PATHS = 8
#: The queues: the changed page's own task has a queue, and a worker, to itself, so that it
#: never waits for the lists of the edit before it or for seconds of sitemap; the lists, then
#: the sitemaps, follow on the other queue (docs/publishing.md).
QUEUE, BACKGROUND_QUEUE = "publishing", "publishing-background"


class FilesystemBackend(PublishingBackend):
    """Re-renders affected paths into the folder in a background task (ROOT: the folder)."""

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.folder = PublishFolder(params["ROOT"])

    def invalidate(self, paths: Collection[str]) -> None:
        """Queue the paths as several tasks, so that no worker holds a publish back behind a
        long list: the first path (the changed article's own page, which `refresh` puts
        first) goes alone to the publishing queue; on the background queue the lists follow
        in small tasks, and then the sitemaps (a month of articles is a few MB and a second of
        work at 100,000 articles), one per task."""
        from akhbar.publishing.tasks import publish_paths

        # Once each, in the order given; ?page=N is the app's.
        publishable = [path for path in dict.fromkeys(paths) if "?" not in path]
        heavy = [path for path in publishable if is_sitemap(path)]
        lists = [path for path in publishable if not is_sitemap(path)]
        groups = [
            (URGENT, lists[:1]),
            *((ROUTINE, lists[i : i + TASK_PATHS]) for i in range(1, len(lists), TASK_PATHS)),
            *((BACKGROUND, [path]) for path in heavy),
        ]
        for priority, group in groups:
            if group:
                queue = QUEUE if priority == URGENT else BACKGROUND_QUEUE
                publish_paths.using(priority=priority, queue_name=queue).enqueue(group)

    def invalidate_site(self) -> None:
        """Queue the re-render of every page; its tasks run after the urgent and routine ones."""
        from akhbar.publishing.tasks import publish_site

        publish_site.using(priority=BACKGROUND, queue_name=BACKGROUND_QUEUE).enqueue()
