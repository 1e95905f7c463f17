"""The per-client rate limit of the API, using ninja's own throttling."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle


class ClientRateThrottle(AnonRateThrottle):
    """AKHBAR_API_RATE_LIMIT requests per client address; token-authenticated calls are exempt.

    The rate is read on each request rather than once at import, so that a changed
    setting (and a test's override) applies without rebuilding the API's URLs.
    """

    def __init__(self) -> None:
        super().__init__(rate=settings.AKHBAR_API_RATE_LIMIT)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.AKHBAR_API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
