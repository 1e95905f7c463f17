"""What holds for every operation of the API, search included: UTF-8 JSON, JSON errors, the
per-client rate limit, ETag/Last-Modified with 304, and CORS for reads."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from akhbar.api.caching import allow_cors, conditional_get
from akhbar.api.errors import install_error_handlers
from akhbar.api.throttling import ClientRateThrottle


class UnicodeJSONRenderer(JSONRenderer):
    """Arabic as UTF-8 rather than \\uXXXX escapes: a third of the bytes, readable in logs."""

    json_dumps_params = {"ensure_ascii": False}


def apply_policies(api: NinjaAPI) -> None:
    """Configure `api`; call before its URLs are built (ninja binds routers lazily)."""
    api.renderer = UnicodeJSONRenderer()
    install_error_handlers(api)
    api.throttle = ClientRateThrottle()
    # Decorators added later wrap the earlier ones: CORS also marks 304 and 429 responses.
    api.add_decorator(conditional_get, mode="view")
    api.add_decorator(allow_cors, mode="view")
