"""Background publishing on the "publishing" task backend (a database queue in production)."""

from __future__ import annotations

from itertools import chain

from django_tasks import task

from akhbar.news.queries import forget_chrome
from akhbar.publishing.backends.base import get_backend
from akhbar.publishing.backends.filesystem import (
    BACKGROUND,
    BACKGROUND_QUEUE,
    TASK_PATHS,
    FilesystemBackend,
)
from akhbar.publishing.inventory import reader_paths
from akhbar.publishing.models import RenderedPage
from akhbar.publishing.publisher import publish

PUBLISHING_TASKS = "publishing"  # the task backend, and the default queue of its tasks


@task(backend=PUBLISHING_TASKS, queue_name=PUBLISHING_TASKS)
def publish_paths(paths: list[str]) -> dict[str, int]:
    """Re-render `paths` into the publish folder; returns the counts (kept with the result)."""
    backend = get_backend(FilesystemBackend)
    if backend is None:
        return {}
    # The change that queued this task dropped the cached menu and ticker in its own process;
    # this worker's cache may be another (local memory without Redis): never render from it.
    forget_chrome()
    report = publish(backend.folder, paths)
    return vars(report)


@task(backend=PUBLISHING_TASKS, queue_name=PUBLISHING_TASKS)
def publish_site() -> int:
    """Queue every reader path, and every path published before (a page made private since
    must lose its file), in small background tasks; returns how many paths."""
    published = RenderedPage.objects.order_by("pk").values_list("path", flat=True)
    paths = list(dict.fromkeys(chain(reader_paths(), published.iterator(chunk_size=2000))))
    for start in range(0, len(paths), TASK_PATHS):
        publish_paths.using(priority=BACKGROUND, queue_name=BACKGROUND_QUEUE).enqueue(
            paths[start : start + TASK_PATHS]
        )
    return len(paths)
