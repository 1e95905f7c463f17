"""The reader's search page: /search/?q=&section=&from=&to=&sort=&page=, always a 200."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from akhbar.arabic.plurals import Forms, quantity
from akhbar.core.models import SiteSettings
from akhbar.news.queries import live_sections
from akhbar.search.service import SearchResults, parse_request

RESULTS = Forms(
    one="نتيجة واحدة", two="نتيجتان", few="{n} نتائج", many="{n} نتيجة", other="{n} نتيجة"
)


def search(request: HttpRequest) -> HttpResponse:
    """Results for any input: bad dates, sections and pages are ignored or clamped."""
    site_settings = SiteSettings.for_request(request)
    params = request.GET
    search_request = parse_request(
        q=params.get("q", ""),
        section=params.get("section", ""),
        date_from=params.get("from", ""),
        date_to=params.get("to", ""),
        sort=params.get("sort", ""),
        time_zone=ZoneInfo(site_settings.time_zone),
    )
    context = {"search": search_request, "sections": live_sections()}
    if search_request.query:
        results = SearchResults(search_request)
        # get_page() turns a missing or malformed number into 1, one out of range into the last.
        page_obj = Paginator(results, settings.AKHBAR_PAGE_SIZE).get_page(params.get("page"))
        count = quantity(results.count(), RESULTS, digits=site_settings.digit_style)
        if results.capped:
            count = f"أكثر من {count}"
        context.update(results=results, page_obj=page_obj, count_label=count)
    return render(request, "search/search_page.html", context)
