"""Every API error is JSON ({"detail": ...}), never the site's HTML error pages."""

from __future__ import annotations

import json
import logging
import math

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
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


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """404 for an address under /api/v1/ that no operation matches; an operation's address
    with a trailing slash (`/api/v1/articles/`) is redirected to the operation, with a 308
    that keeps the method and body, as the site's pages redirect to their slashed form.

    Exempt from CSRF checks, like the API's own operations: it changes nothing, and a POST
    must get this JSON answer, not Django's HTML 403."""
    if request.path_info.endswith("/") and _is_operation(request.path_info.rstrip("/")):
        target = request.path.rstrip("/")  # with the script prefix, if any
        query = request.META.get("QUERY_STRING", "")
        location = f"{target}?{query}" if query else target
        return HttpResponsePermanentRedirect(
            location,
            preserve_request=True,
            content=json.dumps({"detail": f"Moved to {location}"}),
            content_type="application/json",
        )
    return JsonResponse({"detail": "Not Found"}, status=404)


def _is_operation(path: str) -> bool:
    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False
