"""The live parts of every page, as HTML fragments site.js swaps in (docs/publishing.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from akhbar.publishing.fragments import most_read_items


def ticker(request: HttpRequest) -> HttpResponse:
    """The ticker's contents; the `ticker` items come from the site_chrome context processor."""
    return render(request, "fragments/ticker.html")


def most_read(request: HttpRequest) -> HttpResponse:
    return render(request, "fragments/most_read.html", {"most_read": most_read_items()})
