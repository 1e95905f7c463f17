"""Reader list pages that live outside the page tree: tags, authors, date archives, beacon."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag

from akhbar.news.models import ArticleDailyViews, ArticlePage, Author
from akhbar.news.queries import (
    cards,
    fetch_renditions,
    live_articles,
    tag_articles,
    writer_articles,
)


class ListPage(Sequence):
    """One page of a reader list, found without counting the list.

    One row more than a page tells whether a next page exists: an exact COUNT over a section
    cost 45 ms at 100,000 articles, more than the rest of its page. The template reads it as
    it reads a Django `Page`, less the page count.
    """

    def __init__(self, items: list, *, number: int, has_next: bool) -> None:
        self.items = items
        self.number = number
        self._has_next = has_next

    def __getitem__(self, index):
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def requested_page(request: HttpRequest, per_page: int) -> int:
    """The list page a request asks for (?page=N); one that cannot exist is a 404."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 0
    # SQLite takes OFFSET as a signed 64-bit integer.
    if number < 1 or number * per_page >= 2**63:
        raise Http404("لا توجد صفحة بهذا الرقم.")
    return number


def paginate(request: HttpRequest, queryset, *, per_page: int | None = None) -> ListPage:
    """The requested page of a list; a page that does not exist is a 404, never a 500."""
    per_page = per_page or settings.AKHBAR_PAGE_SIZE
    number = requested_page(request, per_page)
    start = (number - 1) * per_page
    rows = list(cards(queryset)[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404("لا توجد صفحة بهذا الرقم.")
    fetch_renditions(row.lead_image for row in rows[:per_page])
    return ListPage(rows[:per_page], number=number, has_next=len(rows) > per_page)


def article_list(request: HttpRequest, queryset, *, template: str, **context) -> HttpResponse:
    context["page_obj"] = paginate(request, queryset)
    return render(request, template, context)


def rows_wanted(request: HttpRequest) -> int:
    """How many rows of its list the requested page reads: its own and those before it."""
    per_page = settings.AKHBAR_PAGE_SIZE
    return requested_page(request, per_page) * per_page + 1


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = tag_articles(tag.pk, rows=rows_wanted(request))
    return article_list(request, articles, template="news/tag_page.html", tag=tag)


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = writer_articles(author.pk, rows=rows_wanted(request))
    return article_list(request, articles, template="news/author_page.html", author=author)


def archive(
    request: HttpRequest, year: int, month: int | None = None, day: int | None = None
) -> HttpResponse:
    """Articles first published on a year, month or day in the site's time zone."""
    try:
        start = date(year, month or 1, day or 1)
    except ValueError as exc:
        raise Http404("تاريخ غير صالح.") from exc
    if day:
        end = start + timedelta(days=1)
    elif month:
        end = start + timedelta(days=calendar.monthrange(year, month)[1])
    else:
        end = date(year + 1, 1, 1) if year < 9999 else date.max
    zone = timezone.get_current_timezone()
    articles = live_articles().filter(
        first_published_at__gte=datetime.combine(start, time.min, zone),
        first_published_at__lt=datetime.combine(end, time.min, zone),
    )
    level = "day" if day else "month" if month else "year"
    return article_list(
        request, articles, template="news/archive_page.html", period=start, level=level
    )


@csrf_exempt
@require_POST
@never_cache
def count_view(request: HttpRequest, article_id: int) -> HttpResponse:
    """Count one read, sent by the page's script with navigator.sendBeacon.

    Counting here rather than while rendering keeps article pages cacheable as files.
    """
    if not ArticlePage.objects.live().filter(pk=article_id).exists():
        raise Http404
    today = timezone.localdate()
    updated = ArticleDailyViews.objects.filter(article_id=article_id, day=today).update(
        views=F("views") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ArticleDailyViews.objects.create(article_id=article_id, day=today, views=1)
        except IntegrityError:
            ArticleDailyViews.objects.filter(article_id=article_id, day=today).update(
                views=F("views") + 1
            )
    return HttpResponse(status=204)
