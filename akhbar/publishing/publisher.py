"""Re-render paths into the publish folder: 200 responses are written, anything else removed."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.http import quote_etag

from akhbar.publishing.backends.base import reader_path
from akhbar.publishing.backends.filesystem import PublishFolder
from akhbar.publishing.rendering import ReaderHandler, forget, remember, render

logger = logging.getLogger(__name__)


@dataclass
class PublishReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0


def publish(
    folder: PublishFolder, paths: Iterable[str], *, progress: Callable[[], None] | None = None
) -> PublishReport:
    """Render each path and bring its file up to date; a failing path is logged, and the
    others are still published. `progress` is called after each path."""
    handler = ReaderHandler()
    report = PublishReport()
    for path in map(reader_path, paths):
        if progress:
            progress()
        try:
            rendering = render(path, handler=handler)
            if rendering.status == 200:
                etag = quote_etag(hashlib.sha256(rendering.body).hexdigest()[:32])
                if folder.write(path, rendering.body):
                    report.written += 1
                else:
                    report.unchanged += 1
                remember(path, rendering.shown, etag=etag)
            else:
                report.removed += folder.remove(path)
                forget(path)
        except Exception:
            report.failed += 1
            logger.exception("Could not publish %s", path)
    return report
