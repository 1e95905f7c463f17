"""Publishing backends: where re-rendered pages go once the rules say which paths changed."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from urllib.parse import unquote

from django.conf import settings
from django.utils.module_loading import import_string


def reader_path(path: str) -> str:
    """A path as readers' requests carry it (`request.path`, nginx's `$uri`): decoded.

    Wagtail's page URLs and `reverse()` percent-encode Arabic slugs, while the page cache
    keys and the published file names must match what a request for the page decodes to.
    """
    return unquote(path)


class PublishingBackend:
    """Receives the paths to refresh; `params` is its entry in AKHBAR_PUBLISH_BACKENDS."""

    def __init__(self, params: dict) -> None:
        self.params = params

    def invalidate(self, paths: Collection[str]) -> None:
        """Make the next reader of each path (and of its ?page=N variants) see it fresh."""
        raise NotImplementedError

    def invalidate_site(self) -> None:
        """Make every page fresh: a change every page shows (akhbar.publishing.sitewide)."""
        raise NotImplementedError


@cache
def get_backends() -> dict[str, PublishingBackend]:
    """The configured backends by name, built once: the page cache asks on every request."""
    return {
        name: import_string(params["BACKEND"])(params)
        for name, params in settings.AKHBAR_PUBLISH_BACKENDS.items()
    }


def forget_backends(*, setting: str, **kwargs) -> None:
    """setting_changed: tests that change AKHBAR_PUBLISH_BACKENDS get new backends."""
    if setting == "AKHBAR_PUBLISH_BACKENDS":
        get_backends.cache_clear()


def get_backend(cls: type[PublishingBackend]) -> PublishingBackend | None:
    """The configured backend of this class, if any."""
    return next((b for b in get_backends().values() if isinstance(b, cls)), None)
