"""Build (and tear down) the demo news site: pages, settings, authors, images, articles.

`build_demo` runs in one transaction, so a failed run leaves the database as it was and
can simply be repeated. Article text comes from `banks` through one seeded
`random.Random`, so a seed always gives the same headlines; only the timestamps follow
the clock, so that «منذ 5 دقائق» and the ticker look alive whenever the demo is loaded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from taggit.models import Tag
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from akhbar.arabic import slugify_ar
from akhbar.core.demo import banks
from akhbar.core.demo.images import (
    COLLECTION_NAME,
    LeadImage,
    create_lead_images,
    create_portrait,
    demo_collection,
)
from akhbar.core.models import FooterLink, HomePage, NewsImage, SiteSettings, StandardPage
from akhbar.news.models import (
    ArticleAuthor,
    ArticleDailyViews,
    ArticlePage,
    Author,
    SectionPage,
    Urgency,
)
from akhbar.search.indexing import index_pages as index_search_documents

DEFAULT_SEED = 2026
DEFAULT_ARTICLES = 300
LEAD_IMAGE_COUNT = 24
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "akhbar-demo"  # noqa: S105 - the documented demo login, printed by the command
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = 8000
SITE_TIME_ZONE = "Asia/Damascus"
# A date the Arabic date tests use; one article is always first published on it.
ARCHIVE_DAY = (2026, 1, 12)
SPREAD_DAYS = 60
# Minutes and hours before "now" of the newest articles, so relative times show.
RECENT_MINUTES = (4, 9, 17, 31, 48)
RECENT_HOURS = (2, 3.5, 5, 8, 11)
EXPIRED_HOT_AGE = timedelta(days=3, hours=2)

Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` made, for the command's closing lines."""

    home: HomePage
    site: Site
    articles: int
    sections: int
    authors: int
    tags: int
    images: int
    seconds: float
    admin_password_is_default: bool


@dataclass
class _Slot:
    """One article to be written: when, where, and its role on the ticker."""

    when: datetime
    section: int = 0
    urgency: str = Urgency.NORMAL
    urgent_until: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class _Written:
    page_id: int
    revision_ids: list[int] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)


def find_home() -> HomePage | None:
    """The HomePage the default site serves, else the first one in the tree."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        home = HomePage.objects.filter(pk=site.root_page_id).first()
        if home is not None:
            return home
    return HomePage.objects.order_by("path").first()


def loaded_article_count() -> int:
    """How many articles the home page already has; 0 means the demo is not loaded."""
    home = find_home()
    if home is None:
        return 0
    return ArticlePage.objects.descendant_of(home).count()


def ensure_admin(*, reset_password: bool = False) -> tuple[AbstractBaseUser, bool]:
    """Create the demo superuser if missing; an existing password is kept unless asked.

    Returns the user and whether its password is now known to be ADMIN_PASSWORD.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = user_model.objects.create_superuser(
            ADMIN_USERNAME, email="admin@example.org", password=ADMIN_PASSWORD
        )
        return user, True
    if reset_password:
        user.set_password(ADMIN_PASSWORD)
        user.is_active = user.is_staff = user.is_superuser = True
        user.save()
    return user, reset_password


def delete_demo() -> None:
    """Remove what `build_demo` creates, keeping the HomePage (the site's root) and users."""
    home = find_home()
    if home is not None:
        for child in home.get_children():
            child.delete()
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is not None:
        for image in NewsImage.objects.filter(collection=collection):
            image.delete()  # one by one, so Wagtail removes files and renditions
        collection.delete()
    Author.objects.filter(slug__in=[author.slug for author in banks.AUTHORS]).delete()
    Tag.objects.filter(
        name__in=all_tag_names(),
        news_articletag_items__isnull=True,
        taggit_taggeditem_items__isnull=True,
    ).delete()


def all_tag_names() -> list[str]:
    names = [tag for bank in banks.SECTIONS for tag in bank.tags]
    return list(dict.fromkeys([*names, *banks.PLACE_TAGS, *banks.EXTRA_TAGS]))


def build_demo(
    *,
    articles: int = DEFAULT_ARTICLES,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> DemoSummary:
    """Create the whole demo site in one transaction (after deleting it when `reset`)."""
    started = time.perf_counter()
    progress = progress or _no_progress
    now = now or timezone.now()
    written_files: list[str] = []
    try:
        with transaction.atomic():
            if reset:
                progress("reset", 0, 1)
                delete_demo()
                progress("reset", 1, 1)
            summary = _build(
                articles=articles,
                seed=seed,
                reset=reset,
                progress=progress,
                now=now,
                written_files=written_files,
            )
    except BaseException:
        # The rows are rolled back; the image files written meanwhile are not.
        storage = NewsImage._meta.get_field("file").storage
        for name in written_files:
            storage.delete(name)
        raise
    return replace(summary, seconds=time.perf_counter() - started)


def _build(
    *,
    articles: int,
    seed: int,
    reset: bool,
    progress: Progress,
    now: datetime,
    written_files: list[str],
) -> DemoSummary:
    rnd = random.Random(seed)  # noqa: S311 - seeded on purpose: same seed, same site
    admin, password_is_default = ensure_admin(reset_password=reset)
    home = prepare_home(user=admin)
    site = point_default_site(home)
    pages = create_standard_pages(home, user=admin)
    sections = create_sections(home, user=admin)
    configure_site_settings(site, pages, now=now)

    collection = demo_collection()
    total_images = LEAD_IMAGE_COUNT + len(banks.AUTHORS)
    progress("images", 0, total_images)
    leads = create_lead_images(
        count=LEAD_IMAGE_COUNT, seed=seed, collection=collection, written=written_files
    )
    progress("images", LEAD_IMAGE_COUNT, total_images)
    authors = create_authors(seed=seed, collection=collection, written=written_files)
    progress("images", total_images, total_images)
    tags = create_tags()

    written = create_articles(
        count=articles,
        rnd=rnd,
        sections=sections,
        authors=authors,
        tags=tags,
        leads=leads,
        user=admin,
        now=now,
        progress=progress,
    )
    backdate_pages([*sections, *pages, home], before=min(w.times[0] for w in written))
    add_read_counts(written, rnd=rnd, now=now)
    return DemoSummary(
        home=home,
        site=site,
        articles=len(written),
        sections=len(sections),
        authors=len(authors),
        tags=len(tags),
        images=len(leads) + len(authors),
        seconds=0.0,
        admin_password_is_default=password_is_default,
    )


def prepare_home(*, user: AbstractBaseUser | None = None) -> HomePage:
    """Reuse the HomePage (the core migration makes one from Wagtail's welcome page), or
    create it; then drop a leftover plain welcome page and give the home its title."""
    root = Page.get_first_root_node()
    home = find_home()
    if home is None:
        taken = set(root.get_children().values_list("slug", flat=True))
        slug = next(s for s in ("home", "akhbar", "front-page") if s not in taken)
        home = root.add_child(instance=HomePage(title=banks.SITE_NAME, slug=slug))
    plain_page = ContentType.objects.get_for_model(Page)
    welcome = root.get_children().filter(content_type=plain_page).exclude(pk=home.pk)
    # The site must stop pointing at the welcome page first: deleting a site's root page
    # deletes the Site row too.
    Site.objects.filter(root_page__in=welcome).update(root_page=home)
    for page in welcome:
        page.delete()
    home.title = home.draft_title = banks.SITE_NAME
    home.seo_title = f"{banks.SITE_NAME} — {banks.SITE_TAGLINE}"
    home.search_description = banks.SITE_TAGLINE
    home.save_revision(user=user).publish(user=user)
    return home


def point_default_site(home: HomePage) -> Site:
    """Make the default site serve `home` on 127.0.0.1:8000, as `make run` does."""
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = SITE_HOSTNAME
    site.port = SITE_PORT
    site.root_page = home
    site.site_name = banks.SITE_NAME
    site.save()
    return site


def _publish_child(parent: Page, page: Page, *, user: AbstractBaseUser | None) -> Revision:
    """Add `page` under `parent` and publish it the way the editor's "Publish" does."""
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    return revision


def create_standard_pages(
    home: HomePage, *, user: AbstractBaseUser | None = None
) -> list[StandardPage]:
    """«من نحن»، «اتصل بنا» and «سياسة الخصوصية», created once."""
    pages = []
    for slug, title, paragraphs in banks.STANDARD_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
            page = StandardPage(title=title, slug=slug, body=body, show_in_menus=False)
            _publish_child(home, page, user=user)
        pages.append(page)
    return pages


def create_sections(home: HomePage, *, user: AbstractBaseUser | None = None) -> list[SectionPage]:
    sections = []
    for bank in banks.SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=bank.slug).first()
        if section is None:
            section = SectionPage(
                title=bank.title, slug=bank.slug, intro=bank.intro, show_in_menus=True
            )
            _publish_child(home, section, user=user)
        sections.append(section)
    return sections


def configure_site_settings(site: Site, pages: list[StandardPage], *, now: datetime) -> None:
    settings = SiteSettings.for_site(site)
    settings.tagline = banks.SITE_TAGLINE
    settings.ticker_length = 8
    settings.time_zone = SITE_TIME_ZONE
    settings.month_style = "levantine"
    settings.digit_style = "western"
    for name, url in banks.SOCIAL_LINKS.items():
        setattr(settings, name, url)
    settings.copyright_notice = (
        f"© {now.year} {banks.SITE_NAME} — موقع تجريبي، كل ما فيه متخيَّل. جميع الحقوق محفوظة."
    )
    settings.footer_links = [
        FooterLink(label=page.title, url=f"/{page.slug}/", sort_order=order)
        for order, page in enumerate(pages)
    ]
    settings.save()


def create_authors(
    *, seed: int, collection: Collection, written: list[str] | None = None
) -> list[Author]:
    authors = []
    for index, entry in enumerate(banks.AUTHORS):
        author = Author.objects.filter(slug=entry.slug).first() or Author(slug=entry.slug)
        author.name = entry.name
        author.role = entry.role
        author.bio = entry.bio
        author.email = f"{entry.slug}@example.org"
        if author.photo_id is None:
            author.photo = create_portrait(
                index=index, seed=seed, name=entry.name, collection=collection, written=written
            )
        author.save()
        authors.append(author)
    return authors


def create_tags() -> dict[str, Tag]:
    tags = {}
    for name in all_tag_names():
        tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
    return tags


def publication_schedule(count: int, *, rnd: random.Random, now: datetime) -> list[_Slot]:
    """Publication times, oldest first, with the ticker roles assigned.

    The newest few are minutes old; the rest thin out over ~60 days during local daytime;
    one is always on ARCHIVE_DAY. The breaking item and the hot ones are among the newest,
    and one older hot item has an `urgent_until` already past.
    """
    tz = ZoneInfo(SITE_TIME_ZONE)
    fixed: list[_Slot] = [_Slot(now - timedelta(minutes=m)) for m in RECENT_MINUTES]
    fixed += [_Slot(now - timedelta(hours=h)) for h in RECENT_HOURS]
    fixed = fixed[:count]
    if len(fixed) >= 2:
        fixed[1].urgency = Urgency.BREAKING
    for index in (3, 5, 7):
        if index < len(fixed):
            fixed[index].urgency = Urgency.HOT
    for offset, slot in enumerate(s for s in fixed if s.urgency):
        slot.urgent_until = now + timedelta(days=2 + offset % 3, hours=offset)
    slots = list(fixed)
    if count > len(slots):
        expired = _Slot(now - EXPIRED_HOT_AGE, urgency=Urgency.HOT)
        expired.urgent_until = expired.when + timedelta(days=1)
        slots.append(expired)
    archive = datetime(*ARCHIVE_DAY, 10, 40, tzinfo=tz)
    if count > len(slots) and archive < now - timedelta(days=1):
        slots.append(_Slot(archive))
    while len(slots) < count:
        age = timedelta(days=SPREAD_DAYS * rnd.random() ** 1.6)
        day = (now - age).astimezone(tz).date()
        when = datetime(
            day.year, day.month, day.day, rnd.randint(7, 22), rnd.randint(0, 59), tzinfo=tz
        )
        if when > now - timedelta(hours=12):
            continue  # the last 12 hours hold only the fixed slots above
        slots.append(_Slot(when))
    slots.sort(key=lambda slot: slot.when)
    older = [slot for slot in slots if slot.when < now - timedelta(days=1) and not slot.urgency]
    for slot in rnd.sample(older, k=min(len(older), max(2, count // 25))):
        later = slot.when + timedelta(minutes=rnd.randint(40, 20 * 60))
        slot.updated_at = min(later, now - timedelta(minutes=30))
    return slots


def assign_sections(slots: list[_Slot], *, rnd: random.Random) -> None:
    """Weighted section choice, with every section getting at least one article."""
    weights = [bank.weight for bank in banks.SECTIONS]
    for slot in slots:
        slot.section = rnd.choices(range(len(banks.SECTIONS)), weights=weights)[0]
    if len(slots) >= len(banks.SECTIONS):
        for section, position in enumerate(rnd.sample(range(len(slots)), k=len(banks.SECTIONS))):
            if not any(slot.section == section for slot in slots):
                slots[position].section = section


@dataclass(frozen=True)
class Draft:
    """An article's text and body blocks, before it becomes a page."""

    title: str
    dek: str
    dateline: str
    body: list[tuple[str, object]]
    update_note: str


def _fill(template: str, slots: dict[str, object]) -> str:
    return template.format_map(slots)


def _paragraph(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{escape(text)}</p>")


def story_slots(
    rnd: random.Random,
    bank: banks.SectionBank,
    when: datetime,
    *,
    kind: banks.StoryKind | None = None,
) -> dict[str, object]:
    """The values one article's templates are filled with (see `banks` for the names)."""
    place = rnd.choice(bank.places)
    agenda = rnd.choice((kind and kind.agendas) or bank.agendas)
    local = when.astimezone(ZoneInfo(SITE_TIME_ZONE))
    return {
        "place": place,
        "actor": rnd.choice(agenda.actors).format(place=place),
        "topic": rnd.choice(agenda.topics),
        "other": rnd.choice(bank.others),
        "weekday": banks.WEEKDAYS[local.weekday()],
        "few": rnd.randint(3, 9),
        "few2": rnd.randint(3, 5),
        "many": rnd.randint(12, 95),
        "pct": rnd.randint(6, 35),
        "minute": rnd.randint(3, 88),
        "round": rnd.choice(banks.ROUNDS),
        "score": rnd.choice(banks.WIN_SCORES),
        "draw": rnd.choice(banks.DRAW_SCORES),
        "year": local.year,
    }


def compose_article(
    rnd: random.Random,
    bank: banks.SectionBank,
    *,
    when: datetime,
    taken_titles: set[str],
    read_also: ArticlePage | None = None,
    inline_image: NewsImage | None = None,
) -> Draft:
    """Write one article from the banks: headline, dek, lead, body blocks."""
    for _attempt in range(30):
        kind = rnd.choice(bank.stories)
        slots = story_slots(rnd, bank, when, kind=kind)
        # Question headlines («.. فمن يملك القرار؟») are a spice, not the norm.
        weights = [0.4 if line.endswith("؟") else 1.0 for line in kind.headlines]
        title = _fill(rnd.choices(kind.headlines, weights=weights)[0], slots)
        if title not in taken_titles:
            break
    taken_titles.add(title)

    pool = [*kind.sentences, *bank.sentences]
    rnd.shuffle(pool)
    paragraph_count = rnd.randint(3, 8)
    texts: list[str] = []
    for left in range(paragraph_count - 1, 0, -1):
        if not pool:
            break
        take = 2 if len(pool) > left and rnd.random() < 0.45 else 1
        texts.append(" ".join(_fill(pool.pop(), slots) for _ in range(take)))
    if rnd.random() < 0.35:
        texts[-1] = f"{texts[-1]} {rnd.choice(banks.COMMON_SENTENCES)}"

    bullets = bank.bullets if kind.bullets is None else kind.bullets
    bullet_lines = []
    if bullets and rnd.random() < 0.4:
        picked = rnd.sample(bullets, k=min(len(bullets), rnd.randint(3, 5)))
        bullet_lines = [_fill(line, slots) for line in picked]
    half = len(texts) // 2

    body: list[tuple[str, object]] = [_paragraph(_fill(rnd.choice(kind.leads), slots))]
    for index, text in enumerate(texts):
        if index == half and index > 0 and rnd.random() < 0.35:
            body.append(("heading", rnd.choice(bank.headings)))
        body.append(_paragraph(text))
        if index == 0 and bullet_lines:
            body.append(_paragraph(_fill(rnd.choice(bank.bullet_intros), slots)))
            body.append(("bullets", bullet_lines))
        if index == min(1, len(texts) - 1) and read_also is not None:
            label = rnd.choice(banks.READ_ALSO_LABELS)
            body.append(("read_also", {"article": read_also, "label": label}))
        if index == 0 and inline_image is not None:
            body.append(("image", {"image": inline_image, "caption": "", "credit": ""}))
        if index == half and rnd.random() < 0.45:
            quote = {
                "text": rnd.choice(bank.quotes),
                "attribution": _fill(rnd.choice(bank.speakers), slots),
            }
            body.append(("quote", quote))
    if rnd.random() < 0.25:
        facts = rnd.sample(bank.facts, k=min(len(bank.facts), 3))
        items = "".join(f"<li>{escape(_fill(fact, slots))}</li>" for fact in facts)
        body.append(
            ("fact_box", {"title": rnd.choice(bank.fact_titles), "body": f"<ul>{items}</ul>"})
        )
    return Draft(
        title=title,
        dek=_fill(rnd.choice(kind.deks), slots),
        dateline=str(slots["place"]),
        body=body,
        update_note=rnd.choice(banks.UPDATE_NOTES),
    )


def _unique_slug(title: str, taken: set[str]) -> str:
    base = slugify_ar(title) or "khabar"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _pick_tags(rnd: random.Random, bank: banks.SectionBank, place: str) -> list[str]:
    names = rnd.sample(bank.tags, k=rnd.randint(1, 2))
    if place in banks.PLACE_TAGS:
        names.append(place)
    extras = [t for t in (*banks.EXTRA_TAGS, *bank.tags) if t not in names]
    while len(names) < 2 or (len(names) < 4 and rnd.random() < 0.3):
        names.append(extras.pop(rnd.randrange(len(extras))))
    return names


def _pick_authors(
    rnd: random.Random, bank: banks.SectionBank, authors: list[Author]
) -> list[Author]:
    by_slug = {author.slug: author for author in authors}
    regulars = [by_slug[a.slug] for a in banks.AUTHORS if bank.slug in a.sections]
    chosen = [rnd.choice(regulars or authors)]
    if rnd.random() < 0.25:
        chosen.append(rnd.choice([a for a in authors if a not in chosen]))
    return chosen


def create_articles(
    *,
    count: int,
    rnd: random.Random,
    sections: list[SectionPage],
    authors: list[Author],
    tags: dict[str, Tag],
    leads: list[LeadImage],
    user: AbstractBaseUser | None,
    now: datetime,
    progress: Progress = _no_progress,
) -> list[_Written]:
    """Publish `count` articles oldest first, then backdate their history.

    Oldest first means every «إقرأ أيضاً» block points at an article that already exists
    and was published earlier, so the links always resolve.
    """
    slots = publication_schedule(count, rnd=rnd, now=now)
    assign_sections(slots, rnd=rnd)
    with deferred_indexing(ArticlePage):
        written = _write_articles(
            slots,
            rnd=rnd,
            sections=sections,
            authors=authors,
            tags=tags,
            leads=leads,
            user=user,
            progress=progress,
        )
    progress("index", 0, 1)
    backdate_articles(written)
    index_articles([record.page_id for record in written])
    progress("index", 1, 1)
    return written


def _write_articles(
    slots: list[_Slot],
    *,
    rnd: random.Random,
    sections: list[SectionPage],
    authors: list[Author],
    tags: dict[str, Tag],
    leads: list[LeadImage],
    user: AbstractBaseUser | None,
    progress: Progress,
) -> list[_Written]:
    titles: set[str] = set()
    slugs: dict[int, set[str]] = {
        section.pk: set(section.get_children().values_list("slug", flat=True))
        for section in sections
    }
    written: list[_Written] = []
    earlier: list[tuple[int, ArticlePage]] = []  # (section index, page), oldest first
    links = 0
    for index, slot in enumerate(slots):
        bank = banks.SECTIONS[slot.section]
        section = sections[slot.section]
        target = None
        must_link = index == len(slots) - 1 and links == 0
        if earlier and (must_link or rnd.random() < 0.6):
            recent = [page for _, page in earlier[-60:]]
            same = [page for number, page in earlier[-60:] if number == slot.section]
            target = rnd.choice(same if same and rnd.random() < 0.7 else recent)
            links += 1
        motif_leads = [lead for lead in leads if lead.motif in bank.motifs] or leads
        lead = rnd.choice(motif_leads).image if leads and rnd.random() < 0.88 else None
        inline = rnd.choice(leads).image if leads and rnd.random() < 0.1 else None
        if inline is not None and inline == lead:
            inline = None
        draft = compose_article(
            rnd, bank, when=slot.when, taken_titles=titles, read_also=target, inline_image=inline
        )
        page = ArticlePage(
            title=draft.title,
            slug=_unique_slug(draft.title, slugs[section.pk]),
            dek=draft.dek,
            dateline=draft.dateline,
            lead_image=lead,
            body=draft.body,
            urgency=slot.urgency,
            urgent_until=slot.urgent_until,
            owner=user,
        )
        if rnd.random() < 0.5:
            source = rnd.choice(
                [s for s in banks.SOURCES if not s.sections or bank.slug in s.sections]
            )
            page.source_name = source.name
            page.source_url = f"{source.url}/{slot.when:%Y/%m}/{rnd.randint(1000, 99999)}"
        for name in _pick_tags(rnd, bank, draft.dateline):
            page.tags.add(tags[name])
        for order, author in enumerate(_pick_authors(rnd, bank, authors)):
            page.article_authors.add(ArticleAuthor(author=author, sort_order=order))
        revision = _publish_child(section, page, user=user)
        record = _Written(page_id=page.pk, revision_ids=[revision.pk], times=[slot.when])
        if slot.updated_at is not None:
            # Publishing works on a copy made from the revision; reload before editing.
            page.refresh_from_db()
            page.body = [*draft.body, _paragraph(draft.update_note)]
            revision = page.save_revision(user=user)
            revision.publish(user=user)
            record.revision_ids.append(revision.pk)
            record.times.append(slot.updated_at)
        earlier.append((slot.section, page))
        written.append(record)
        progress("articles", index + 1, len(slots))
    return written


@contextmanager
def deferred_indexing(model: type[Page]) -> Iterator[None]:
    """Skip the search and reference index updates on every save of `model`.

    Each article is saved about four times while it is created and published, and each
    save re-indexes it; indexing once at the end (`index_articles`) is several times
    faster. Only this thread's reference-index updates are paused; the search handler is
    reconnected even when the build fails.
    """
    was_connected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if was_connected:
            post_save.connect(post_save_signal_handler, sender=model)


def index_articles(page_ids: list[int]) -> None:
    """Index the articles once, after backdating: Wagtail's search backends in bulk, the
    reference index, and akhbar's own search index (which indexed each article when it was
    published, with the publication time of that moment)."""
    pages = list(ArticlePage.objects.filter(pk__in=page_ids).select_related("lead_image"))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ArticlePage, pages)
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    index_search_documents(page_ids)


def backdate_articles(written: list[_Written]) -> None:
    """Give pages, revisions and log entries their story's times instead of "now"."""
    for record in written:
        first, last = record.times[0], record.times[-1]
        Page.objects.filter(pk=record.page_id).update(
            first_published_at=first, last_published_at=last, latest_revision_created_at=last
        )
        for revision_id, when in zip(record.revision_ids, record.times, strict=True):
            Revision.objects.filter(pk=revision_id).update(created_at=when)
            PageLogEntry.objects.filter(revision_id=revision_id).update(timestamp=when)


def backdate_pages(pages: list[Page], *, before: datetime) -> None:
    """Sections and plain pages were "published" a day before the oldest article."""
    when = before - timedelta(days=1)
    for page in pages:
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        revisions = Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
        )
        PageLogEntry.objects.filter(revision__in=revisions).update(timestamp=when)
        revisions.update(created_at=when)


def add_read_counts(written: list[_Written], *, rnd: random.Random, now: datetime) -> None:
    """Two days of read counts with a steep, tie-free curve, so «الأكثر قراءة» has a
    clear order: the n-th most read gets about 1/n of the reads of the first."""
    today = timezone.localdate(now)
    yesterday = today - timedelta(days=1)
    candidates = [record for record in written[-80:] if record.times[0] < now - timedelta(hours=1)]
    rnd.shuffle(candidates)
    rows: list[ArticleDailyViews] = []
    previous = None
    for rank, record in enumerate(candidates[:40], start=1):
        total = round(6400 / rank**1.1) + rnd.randint(0, 25)
        if previous is not None:
            total = min(total, previous - 1)
        if total < 2:
            break
        previous = total
        published: date = timezone.localdate(record.times[0])
        if published < today:
            first_day = round(total * rnd.uniform(0.35, 0.6))
            rows.append(
                ArticleDailyViews(article_id=record.page_id, day=yesterday, views=first_day)
            )
            rows.append(
                ArticleDailyViews(article_id=record.page_id, day=today, views=total - first_day)
            )
        else:
            rows.append(ArticleDailyViews(article_id=record.page_id, day=today, views=total))
    ArticleDailyViews.objects.bulk_create(rows)
