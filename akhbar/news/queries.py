"""Read-side queries of the reader site: latest, ticker, most read, related, neighbours."""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Hashable, Iterable
from datetime import timedelta

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site

from akhbar.core.models import SiteSettings
from akhbar.news.models import (
    ArticleAuthor,
    ArticleDailyViews,
    ArticlePage,
    ArticleTag,
    Author,
    SectionPage,
    Urgency,
)
from akhbar.news.rows import Columns, fetch, instances, instances_of, set_prefetched


def unrestricted() -> Q:
    """Pages outside every private section or article: nothing at all on a site without one.

    The restricted paths come from the cache (`restricted_paths`), so a reader list costs no
    privacy subquery to build, compile or run for each of its rows.
    """
    return Q(*(~Q(path__startswith=path) for path in restricted_paths()))


def live_articles() -> QuerySet[ArticlePage]:
    """Published, public articles, newest first; the base of every reader-facing list."""
    return (
        ArticlePage.objects.live()
        .filter(unrestricted(), first_published_at__isnull=False)
        .order_by("-first_published_at", "-pk")
    )


# The columns an article card shows or links with; the other columns of the page and article
# rows (revisions, locks, SEO, source, ticker ...) are left in the database.
CARD_FIELDS = (
    "title",
    "url_path",
    "path",
    "depth",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "dek",
    "urgency",
    "lead_image",
)
# What a previous/next link shows of an article: its title and address.
LINK_FIELDS = ("title", "url_path", "path", "depth", "first_published_at")


def cards(queryset: QuerySet[ArticlePage], *, body: bool = False) -> QuerySet[ArticlePage]:
    """Fetch what an article card shows, its image in the same query.

    A card shows only CARD_FIELDS; full-text feeds ask for whole rows, body included, with
    `body=True`. The images' renditions come with the page's other images in one query
    (`fetch_renditions`).
    """
    queryset = queryset.select_related("lead_image")
    return queryset if body else queryset.only(*CARD_FIELDS)


def active_authors(limit: int = 6) -> list[Author]:
    """Writers with a photo, most recently published first, for the home page strip; the
    photos' renditions come with the page's other images (`fetch_renditions`).

    Each writer's latest article is a subquery over their own bylines, so the cost follows
    the bylines of writers with a photo; a MAX joined over every byline read all 100,000.
    """
    latest = (
        ArticleAuthor.objects.filter(author=OuterRef("pk"), page__live=True)
        .order_by("-page__first_published_at")
        .values("page__first_published_at")[:1]
    )
    return list(
        Author.objects.filter(photo__isnull=False)
        .annotate(last_published=Subquery(latest))
        .filter(last_published__isnull=False)
        .select_related("photo")
        .order_by("-last_published", "pk")[:limit]
    )


def live_sections() -> QuerySet[SectionPage]:
    """Live, public sections in tree order.

    `pk__in` over the section table alone lets SQLite start from the few sections instead
    of walking every page in path order: 2 ms instead of 75 ms at 100,000 articles.
    """
    return (
        SectionPage.objects.live()
        .filter(unrestricted(), pk__in=SectionPage.objects.order_by().values("pk"))
        .order_by("path")
    )


# The site, its settings, the section menu, the ticker and the private paths are the same on
# every reader page, so they are computed once and kept in the cache until a signal drops
# them (`forget_chrome`, on every publish, unpublish, move, ticker edit, view restriction
# change and site or settings save) or their time is up: CHROME_TIMEOUT, or sooner for a
# ticker item that expires. Each value is kept with its deadline.
CHROME_TIMEOUT = 60
# 2: entries are (value, deadline); a running site's old entries are not read as such.
_PREFIX = "akhbar:chrome:2"
SITE_KEY = f"{_PREFIX}:site"
SETTINGS_KEY = f"{_PREFIX}:settings"
SECTIONS_KEY = f"{_PREFIX}:sections"
TICKER_KEY = f"{_PREFIX}:ticker"
RESTRICTED_KEY = f"{_PREFIX}:restricted"
ROOT_PATHS_KEY = f"{_PREFIX}:root-paths"
#: Replaced by `forget_chrome`: a process keeps the chrome it read while this stays the same.
CHROME_VERSION_KEY = f"{_PREFIX}:version"
_MISSING = object()


class _ProcessChrome:
    """The chrome this process read from the cache, as (value, deadline) by key, valid while
    the shared version is `version`.

    Reading each value from the cache cost a reader page six file reads or Redis round trips,
    1 ms of an article's render; checking the version at a request's first chrome read costs
    one. Only requests use it (between Django's request_started and request_finished,
    connected in news.signals): a request sees every `forget_chrome` made before that read.
    """

    def __init__(self) -> None:
        self.version: str | None = None
        self.values: dict[Hashable, tuple] = {}


_process_chrome = _ProcessChrome()
_request_chrome = Local()


def remember_chrome(**kwargs) -> None:
    """A request starts: its first chrome read checks whether this process's copy still
    holds (an admin or API request that reads none costs nothing)."""
    _request_chrome.active, _request_chrome.checked = True, False


def stop_remembering_chrome(**kwargs) -> None:
    _request_chrome.active = False


def _kept_chrome() -> dict[Hashable, tuple] | None:
    """This process's chrome, for a request, once checked against the shared version; None
    outside a request."""
    if not getattr(_request_chrome, "active", False):
        return None
    if not _request_chrome.checked:
        version = cache.get(CHROME_VERSION_KEY)
        if version is None:
            cache.add(CHROME_VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(CHROME_VERSION_KEY)
        if version != _process_chrome.version:
            _process_chrome.version, _process_chrome.values = version, {}
        _request_chrome.checked = True
    return _process_chrome.values


def _chrome_get(key: str, default=None):
    kept = _kept_chrome()
    entry = kept.get(key) if kept is not None else None
    if entry is None:
        entry = cache.get(key)
        if entry is None:
            return default
        if kept is not None:
            kept[key] = entry
    value, deadline = entry
    return value if deadline > time.time() else default


def _chrome_set(key: str, value, timeout: float) -> None:
    entry = (value, time.time() + timeout)
    cache.set(key, entry, timeout)
    if (kept := _kept_chrome()) is not None:
        kept[key] = entry


def chrome_fragment(key: tuple, render: Callable[[], str]) -> str:
    """`render()` of HTML that shows only the chrome (menu, settings, date), kept by this
    process with the chrome it read (see _ProcessChrome) for CHROME_TIMEOUT seconds, or until
    `forget_chrome`; rendered each time outside a request. `key` tells the variants apart."""
    kept = _kept_chrome()
    if kept is None:
        return render()
    entry = kept.get(key)
    if entry is None or entry[1] <= time.time():
        entry = kept[key] = (render(), time.time() + CHROME_TIMEOUT)
    return entry[0]


def default_site() -> Site | None:
    """The site that answers every request, cached: the only site, when it is the default.

    With several sites Wagtail matches each request's host itself, so this is None. The home
    page comes as its specific class without a query of its own (fields only the specific
    class has would load when first read; the home page has none).
    """
    site = _chrome_get(SITE_KEY, _MISSING)
    if site is _MISSING:
        sites = list(Site.objects.select_related("root_page")[:2])
        site = sites[0] if len(sites) == 1 and sites[0].is_default_site else None
        if site is not None:
            site.root_page = site.root_page.specific_deferred
        _chrome_set(SITE_KEY, site, CHROME_TIMEOUT)
    return site


def site_root_paths() -> list:
    """Wagtail's `Site.get_site_root_paths()`, which every page URL reads, kept with the
    chrome: a site saved or a page published drops both."""
    paths = _chrome_get(ROOT_PATHS_KEY)
    if paths is None:
        paths = Site.get_site_root_paths()
        _chrome_set(ROOT_PATHS_KEY, paths, CHROME_TIMEOUT)
    return paths


def site_settings(site: Site) -> SiteSettings:
    """`SiteSettings.for_site(site)` with its footer links, cached (for one site at a time)."""
    cached = _chrome_get(SETTINGS_KEY)
    if cached is None or cached.site_id != site.pk:
        cached = SiteSettings.for_site(site)
        prefetch_related_objects([cached], "footer_links")
        _chrome_set(SETTINGS_KEY, cached, CHROME_TIMEOUT)
    return cached


def restricted_paths() -> list[str]:
    """Tree paths of the pages with a view restriction, outermost only, cached.

    The cache is dropped when a restriction is saved or deleted (`news.signals`) and by
    `forget_chrome` on every page move, the ways these paths change.
    """
    paths = _chrome_get(RESTRICTED_KEY)
    if paths is None:
        paths = []
        for path in PageViewRestriction.objects.order_by("page__path").values_list(
            "page__path", flat=True
        ):
            if not paths or not path.startswith(paths[-1]):
                paths.append(path)
        _chrome_set(RESTRICTED_KEY, paths, CHROME_TIMEOUT)
    return paths


def site_sections() -> list[SectionPage]:
    """`live_sections()` as a cached list, shared by the menu, home blocks and page heads."""
    sections = _chrome_get(SECTIONS_KEY)
    if sections is None:
        sections = list(live_sections())
        _chrome_set(SECTIONS_KEY, sections, CHROME_TIMEOUT)
    return sections


def menu_sections() -> list[SectionPage]:
    """The sections of the header and footer menus."""
    return [section for section in site_sections() if section.show_in_menus]


def current_ticker(limit: int) -> list[ArticlePage]:
    """`ticker_items(limit)`, cached until the first shown item expires."""
    cached = _chrome_get(TICKER_KEY)
    if cached is not None and cached[0] == limit:
        return cached[1]
    now = timezone.now()
    items = ticker_items(limit, now=now)
    expiries = [(item.urgent_until - now).total_seconds() for item in items if item.urgent_until]
    timeout = min([CHROME_TIMEOUT, *expiries])
    if timeout > 0:
        _chrome_set(TICKER_KEY, (limit, items), timeout)
    return items


def forget_chrome() -> None:
    """Drop the cached chrome (site, settings, menu, ticker, private paths), every process's
    own copy too: the next read asks the database."""
    cache.delete_many(
        [SITE_KEY, SETTINGS_KEY, SECTIONS_KEY, TICKER_KEY, RESTRICTED_KEY, ROOT_PATHS_KEY]
    )
    cache.set(CHROME_VERSION_KEY, uuid.uuid4().hex, None)
    _process_chrome.values = {}


def ticker_items(limit: int, *, now=None) -> list[ArticlePage]:
    """Unexpired hot and breaking items: breaking first, then by the desk's order, which is
    newest first until an editor moves an item (ticker_position)."""
    now = now or timezone.now()
    queryset = (
        live_articles()
        # An IN list, not exclude(NORMAL): only the former can use article_ticker_idx.
        .filter(urgency__in=[Urgency.BREAKING, Urgency.HOT])
        .filter(Q(urgent_until__isnull=True) | Q(urgent_until__gt=now))
        .annotate(ticker_key=Coalesce("ticker_position", "first_published_at"))
        .order_by(Case(When(urgency=Urgency.BREAKING, then=0), default=1), "-ticker_key", "-pk")
    )
    return list(queryset[:limit])


#: Seconds the most-read ranking is kept: a sum over days of reads, which a minute's reads
#: do not reorder; the articles themselves are read fresh each time.
MOST_READ_TIMEOUT = 60


def linked_articles(links: QuerySet, article_field: str, *, rows: int) -> QuerySet[ArticlePage]:
    """Live articles, newest first, that the link rows `links` (a tag's or a writer's)
    point at through `article_field`, planned for reading the list's first `rows`.

    The database finds "the newest of a tag" one of two ways: read every article of the tag
    and sort them, or walk the publication-time index and check each article's link (an
    indexed EXISTS) until `rows` turn up. The walk reads about rows x articles / links rows,
    the sort reads the links: the fewer wins. At 100,000 articles the first page of a tag of
    3,900 took 8 ms by walking instead of 42 ms by sorting; a small tag, or a page deep into
    a large one, sorts.
    """
    linked = links.count()
    walked = rows * ArticlePage.objects.count() / max(linked, 1)
    if walked < linked:
        return live_articles().filter(Exists(links.filter(**{article_field: OuterRef("pk")})))
    return live_articles().filter(pk__in=links.values(article_field))


def tag_articles(tag_id: int, *, rows: int) -> QuerySet[ArticlePage]:
    """A tag's live articles, newest first, planned for its first `rows` (`linked_articles`)."""
    return linked_articles(ArticleTag.objects.filter(tag_id=tag_id), "content_object_id", rows=rows)


def writer_articles(author_id: int, *, rows: int) -> QuerySet[ArticlePage]:
    """A writer's live articles, newest first, planned for their first `rows`."""
    return linked_articles(ArticleAuthor.objects.filter(author_id=author_id), "page_id", rows=rows)


def most_read(limit: int = 5, *, days: int | None = None, now=None) -> list[ArticlePage]:
    """Articles with the most beacon-counted reads over the last `days` days.

    The reads are summed in the counter table alone (a covering index on day, article and
    views) and the ranking kept for MOST_READ_TIMEOUT; only the leaders are then joined to
    their pages, so an article taken down since drops out at once, which is why a few more
    than `limit` are ranked.
    """
    days = days or settings.AKHBAR_MOST_READ_DAYS
    since = (now or timezone.now()).date() - timedelta(days=days - 1)
    key = f"akhbar:most-read:{since.isoformat()}:{limit}"
    reads = cache.get(key)
    if reads is None:
        leaders = (
            ArticleDailyViews.objects.filter(day__gte=since)
            .values("article_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-article_id")[: limit * 4]
        )
        reads = {row["article_id"]: row["total"] for row in leaders}
        cache.set(key, reads, MOST_READ_TIMEOUT)
    # Whole rows but no images: the API hands these out in full, the page shows headlines.
    articles = list(live_articles().filter(pk__in=list(reads)).defer_streamfields())
    articles.sort(key=lambda article: (-reads[article.pk], -article.first_published_at.timestamp()))
    return articles[:limit]


def in_section(queryset: QuerySet[ArticlePage], section_path: str) -> QuerySet[ArticlePage]:
    """Articles under the section at `section_path` (articles have no children of their own).

    Wagtail's `child_of` adds `depth = n`, which makes SQLite scan and sort every page rather
    than walk the publication-time index: 160 ms instead of 1 ms at 100,000 articles.
    """
    return queryset.filter(path__startswith=section_path)


def related(article: ArticlePage, limit: int = 6) -> list[ArticlePage]:
    """Other articles sharing tags or the section: shared tags and section first, then
    shared tags, then the same section; newest first within each group.

    One query: the pool is the newest `limit * 8` candidates, walked along the
    publication-time index with a per-row EXISTS (a join with GROUP BY instead reads every
    tagged article); only the winners are joined to their card columns and lead image.
    """
    # Iterate rather than values_list(): a preview's tags live only in memory.
    tag_ids = [item.tag_id for item in article.tagged_items.all() if item.tag_id]
    section_path = f"{article.path[: -ArticlePage.steplen]}%"
    quote = connection.ops.quote_name
    shares_tag = (
        f"FROM {quote(ArticleTag._meta.db_table)} t WHERE t.content_object_id = a.page_ptr_id"
        f" AND t.tag_id IN ({', '.join(['%s'] * len(tag_ids))})"
    )
    if tag_ids:
        shared = f"(SELECT COUNT(*) {shares_tag})"
        wanted = f"p.path LIKE %s OR EXISTS (SELECT 1 {shares_tag})"
    else:
        shared, wanted = "0", "p.path LIKE %s"
    live, live_params = _live_articles_sql(
        f"a.page_ptr_id AS id, p.path AS path, {shared} AS shared,"
        " p.first_published_at AS published"
    )
    card, image = _article_columns(CARD_FIELDS), _image_columns()
    # The rank: a shared tag counts 2 and the same section 1, then more shared tags first.
    sql = (
        f"SELECT {card.sql}, {image.sql}"  # noqa: S608 - no values
        f" FROM ({live} AND a.page_ptr_id <> %s AND ({wanted})"
        " ORDER BY p.first_published_at DESC, a.page_ptr_id DESC LIMIT %s) pool"
        f" JOIN {quote(Page._meta.db_table)} p ON p.id = pool.id"
        f" JOIN {quote(ArticlePage._meta.db_table)} a ON a.page_ptr_id = pool.id"
        f" LEFT JOIN {quote(image.model._meta.db_table)} i ON i.id = a.lead_image_id"
        " ORDER BY CASE WHEN pool.shared > 0 THEN 2 ELSE 0 END"
        " + CASE WHEN pool.path LIKE %s THEN 1 ELSE 0 END DESC,"
        " pool.shared DESC, pool.published DESC, pool.id DESC LIMIT %s"
    )
    params = [
        *tag_ids,
        *live_params,
        article.pk or 0,
        section_path,
        *tag_ids,
        limit * 8,
        section_path,
        limit,
    ]
    articles = []
    for row in fetch(sql, params):
        found, found.lead_image = instances(row, card, image)
        articles.append(found)
    return articles


def section_article(section: SectionPage, slug: str) -> ArticlePage | None:
    """The article of `section` at `slug`, live or not, with its lead image, in one query:
    the reader route's (`SectionPage.child_article`)."""
    article, image = _article_columns(), _image_columns()
    quote = connection.ops.quote_name
    rows = fetch(
        f"SELECT {article.sql}, {image.sql}"  # noqa: S608 - no values
        f" FROM {quote(Page._meta.db_table)} p"
        f" JOIN {quote(ArticlePage._meta.db_table)} a ON a.page_ptr_id = p.id"
        f" LEFT JOIN {quote(image.model._meta.db_table)} i ON i.id = a.lead_image_id"
        " WHERE p.path LIKE %s AND p.depth = %s AND p.slug = %s",
        [f"{section.path}%", section.depth + 1, slug],
    )
    if not rows:
        return None
    found, found.lead_image = instances(rows[0], article, image)
    return found


@functools.cache
def _article_columns(names: tuple[str, ...] | None = None) -> Columns:
    """An article's columns for the article page's own SQL (page `p`, article `a`): all of
    them, or only `names` (CARD_FIELDS, as `cards()` reads them; LINK_FIELDS)."""
    return Columns(ArticlePage, {Page._meta.db_table: "p", ArticlePage._meta.db_table: "a"}, names)


@functools.cache
def _image_columns() -> Columns:
    """An image's columns (a lead image or a writer's photo), image `i`."""
    model = get_image_model()
    return Columns(model, {model._meta.db_table: "i"})


def fetch_renditions(images: Iterable[AbstractImage | None]) -> None:
    """Give `images` their renditions as `prefetch_related("renditions")` does, in one lean
    query for all the images of a page (lead image, photos, cards)."""
    images = [image for image in images if image is not None]
    if not images:
        return
    rendition = _rendition_columns()
    table = connection.ops.quote_name(rendition.model._meta.db_table)
    image_column = rendition.attnames.index("image_id")
    found: dict[int, list] = {image.pk: [] for image in images}
    for row in fetch(
        f"SELECT {rendition.sql} FROM {table} r"  # noqa: S608 - no values
        f" WHERE r.image_id IN ({', '.join(['%s'] * len(found))}) ORDER BY r.id",
        list(found),
    ):
        found[row[image_column]].append(row)
    # An image shown twice (a card's and the page's own) may be two instances.
    for image in images:
        items = instances_of(found[image.pk], rendition)
        for item in items:
            item.image = image
        set_prefetched(image, "renditions", items)


@functools.cache
def _rendition_columns() -> Columns:
    model = get_image_model().get_rendition_model()
    return Columns(model, {model._meta.db_table: "r"})


def neighbours(article: ArticlePage) -> tuple[ArticlePage | None, ArticlePage | None]:
    """The previous (older) and next (newer) article in the same section, in one query."""
    when = article.first_published_at
    if when is None:
        return None, None
    link = _article_columns(LINK_FIELDS)
    live, live_params = _live_articles_sql(link.sql)
    # The strict time comparisons leave the article itself out.
    in_section = f"{live} AND p.path LIKE %s AND p.first_published_at"
    sql = (
        f"SELECT * FROM ({in_section} < %s"  # noqa: S608 - no values
        " ORDER BY p.first_published_at DESC, a.page_ptr_id DESC LIMIT 1) older"
        f" UNION ALL SELECT * FROM ({in_section} > %s"
        " ORDER BY p.first_published_at, a.page_ptr_id LIMIT 1) newer"
    )
    side = [
        f"{article.path[: -ArticlePage.steplen]}%",
        connection.ops.adapt_datetimefield_value(when),
    ]
    rows = instances_of(fetch(sql, [*live_params, *side, *live_params, *side]), link)
    older = next((row for row in rows if row.first_published_at < when), None)
    newer = next((row for row in rows if row.first_published_at > when), None)
    return older, newer


def _live_articles_sql(columns: str) -> tuple[str, list[str]]:
    """`live_articles()` as SQL text and its parameters, for the article page's own queries:
    `SELECT columns` of live, dated articles outside every restricted path, for callers to
    add conditions (`AND ...`), an order and a limit to. The article row is `a`, its page `p`.

    Building and compiling such queries with the ORM (Exists, Subquery, the privacy rules)
    cost the article page 3 ms, several times what the database takes to answer them.
    tests/news/test_queries.py holds related articles and neighbours to the same rules.
    """
    quote = connection.ops.quote_name
    restricted = restricted_paths()
    sql = (
        f"SELECT {columns} FROM {quote(ArticlePage._meta.db_table)} a"  # noqa: S608 - no values
        f" JOIN {quote(Page._meta.db_table)} p ON p.id = a.page_ptr_id"
        " WHERE p.live AND p.first_published_at IS NOT NULL"
        f"{' AND p.path NOT LIKE %s' * len(restricted)}"
    )
    return sql, [f"{path}%" for path in restricted]


def section_blocks(per_section: int = 4) -> list[tuple[SectionPage, list[ArticlePage]]]:
    """Each live section with its newest articles, for the home page.

    One query for all sections: each section's newest ids are a LIMITed subquery that walks
    the publication-time index, so the cost follows the number of sections, not articles.
    """
    sections = site_sections()
    if not sections:
        return []
    public = live_articles()
    newest = Q()
    for section in sections:
        newest |= Q(pk__in=in_section(public, section.path).values("pk")[:per_section])
    items: dict[str, list[ArticlePage]] = {section.path: [] for section in sections}
    articles = list(cards(public.filter(newest)))
    fetch_renditions(article.lead_image for article in articles)
    for article in articles:
        items[article.path[: -article.steplen]].append(article)
    return [(section, items[section.path]) for section in sections if items[section.path]]


def home_context(home: Page) -> dict:
    # One query for the top stories and the timeline; only the five top stories show images,
    # whose renditions come in one query with the writers' photos'.
    latest = list(cards(live_articles())[:14])
    authors = active_authors()
    fetch_renditions(
        [*(article.lead_image for article in latest[:5]), *(author.photo for author in authors)]
    )
    return {
        "lead": latest[0] if latest else None,
        "secondary": latest[1:5],
        "latest": latest[5:14],
        "featured_authors": authors,
    }


@functools.cache
def _relation_columns() -> tuple[Columns, ...]:
    """Columns of a tag link and its tag (`t`, `g`), a byline link, its author and the
    author's photo (`l`, `u`, `i`)."""
    return (
        Columns(ArticleTag, {ArticleTag._meta.db_table: "t"}),
        Columns(Tag, {Tag._meta.db_table: "g"}),
        Columns(ArticleAuthor, {ArticleAuthor._meta.db_table: "l"}),
        Columns(Author, {Author._meta.db_table: "u"}),
        _image_columns(),
    )


def fetch_relations(article: ArticlePage) -> None:
    """Give a saved article its tags and its byline (authors and their photos) where
    `tagged_items.all()` and `article_authors.all()` find them, as prefetched: feeds'
    `syndicate`, which the page head calls, then asks for nothing more.
    """
    tag_link, tag, author_link, author, photo = _relation_columns()
    quote = connection.ops.quote_name
    items = []
    for row in fetch(
        f"SELECT {tag_link.sql}, {tag.sql} FROM {quote(ArticleTag._meta.db_table)} t"  # noqa: S608
        f" JOIN {quote(Tag._meta.db_table)} g ON g.id = t.tag_id"
        " WHERE t.content_object_id = %s ORDER BY t.id",
        [article.pk],
    ):
        item, item.tag = instances(row, tag_link, tag)
        item.content_object = article
        items.append(item)
    set_prefetched(article, "tagged_items", items)
    links = []
    for row in fetch(
        f"SELECT {author_link.sql}, {author.sql}, {photo.sql}"  # noqa: S608 - no values
        f" FROM {quote(ArticleAuthor._meta.db_table)} l"
        f" JOIN {quote(Author._meta.db_table)} u ON u.id = l.author_id"
        f" LEFT JOIN {quote(photo.model._meta.db_table)} i ON i.id = u.photo_id"
        " WHERE l.page_id = %s ORDER BY l.sort_order, l.id",
        [article.pk],
    ):
        link, link.author, link.author.photo = instances(row, author_link, author, photo)
        link.page = article
        links.append(link)
    set_prefetched(article, "article_authors", links)


def article_context(article: ArticlePage) -> dict:
    if article.pk:  # a preview of a new article has nothing saved to fetch
        fetch_relations(article)
    authors = [link.author for link in article.article_authors.all()]
    related_articles = related(article)
    fetch_renditions(
        [
            article.lead_image,
            *(author.photo for author in authors),
            *(card.lead_image for card in related_articles),
        ]
    )
    older, newer = neighbours(article)
    return {
        "authors": authors,
        "article_tags": [item.tag for item in article.tagged_items.all()],
        "related_articles": related_articles,
        "previous_article": older,
        "next_article": newer,
        "section": article.section,
    }
