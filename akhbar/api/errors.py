"""Every API error is JSON ({"detail": ...}), never the site's HTML error pages."""

from __future__ import annotations

import logging
import math

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import Throttled

logger = logging.getLogger(__name__)


def install_error_handlers(api: NinjaAPI) -> None:
    """Add what ninja's defaults leave out: Retry-After on 429, and JSON for a crash (500)."""

    def too_many_requests(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = api.create_response(request, {"detail": str(exc)}, status=429)
        if exc.wait is not None:
            response.headers["Retry-After"] = str(max(1, math.ceil(exc.wait)))
        return response

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path, exc_info=exc)
        return api.create_response(request, {"detail": "Internal server error"}, status=500)

    api.add_exception_handler(Throttled, too_many_requests)
    api.add_exception_handler(Exception, server_error)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """404 for an address under /api/v1/ that no operation matches."""
    return JsonResponse({"detail": "Not Found"}, status=404)
