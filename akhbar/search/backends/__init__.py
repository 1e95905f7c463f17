"""Pick the search backend: `settings.AKHBAR_SEARCH_BACKEND["BACKEND"]`, or by database engine.

Like Wagtail's pluggable backends, the setting is a dict with a dotted `BACKEND` path; the
other keys are the backend's parameters (see docs/search.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.module_loading import import_string

from akhbar.search.backends.base import SearchBackend

DEFAULT_BACKENDS = {
    "sqlite": "akhbar.search.backends.sqlite_fts5.SQLiteFTS5Backend",
    "postgresql": "akhbar.search.backends.postgres.PostgresBackend",
}


def get_backend(using: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    """The configured backend for the database `using`; cheap, so built on every call."""
    params = dict(getattr(settings, "AKHBAR_SEARCH_BACKEND", {}) or {})
    vendor = connections[using].vendor
    path = params.pop("BACKEND", "") or DEFAULT_BACKENDS.get(vendor)
    if not path:
        raise ImproperlyConfigured(
            f"akhbar search has no backend for the {vendor} database; "
            "set AKHBAR_SEARCH_BACKEND['BACKEND']."
        )
    backend_class = import_string(path)
    if backend_class.vendor != vendor:
        raise ImproperlyConfigured(f"{path} needs a {backend_class.vendor} database, not {vendor}.")
    return backend_class(params, using=using)
