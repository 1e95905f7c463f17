"""The news content model: sections, articles, authors, tags and read counters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from akhbar.arabic import analyze, normalize, slugify_ar
from akhbar.core.models import ArabicSlugMixin
from akhbar.news.blocks import ArticleBodyBlock
from akhbar.newsroom.editing import ArticleAdminForm


@register_snippet
class Author(models.Model):
    """A writer or correspondent shown in bylines and on their own page."""

    name = models.CharField("الاسم", max_length=120)
    slug = models.SlugField("المعرّف في الرابط", max_length=120, unique=True, allow_unicode=True)
    role = models.CharField("الصفة", max_length=120, blank=True, help_text="مثال: مراسل دمشق")
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name="الصورة",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField("نبذة", blank=True)
    email = models.EmailField("البريد", blank=True)
    x_url = models.URLField("إكس (تويتر)", blank=True)
    facebook_url = models.URLField("فيسبوك", blank=True)
    website_url = models.URLField("موقع شخصي", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="حساب التحرير",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("x_url"),
                FieldPanel("facebook_url"),
                FieldPanel("website_url"),
            ],
            heading="روابط",
        ),
        FieldPanel("user"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "كاتب"
        verbose_name_plural = "الكتّاب"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_ar(self.name)[:120] or f"author-{timezone.now():%s}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("news:author", kwargs={"slug": self.slug})


class ViewRestrictionsMixin:
    """Wagtail's view restriction check of a served page in one query instead of two.

    The ancestors' paths are prefixes of the page's own, so they need no query of their
    own; an alias among them is checked through its source page, as Wagtail does. The reader
    route sets `known_public` when the cached private paths (`restricted_paths`) and the
    pages it routed through show that no restriction applies: then there is nothing to ask.
    """

    known_public = False

    def get_view_restrictions(self):
        if self.known_public:
            return PageViewRestriction.objects.none()
        ends = range(self.steplen, len(self.path) + 1, self.steplen)
        paths = [self.path[:end] for end in ends]
        sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths) | models.Q(page__in=sources)
        )


#: URL parts each process keeps, for one list of site root paths at a time; all are dropped
#: when there are more (a few hundred bytes each).
KEPT_URLS = 4096
_kept_urls: tuple[object, dict] = (None, {})


def _urls_kept_for(roots: object) -> dict:
    """The URL parts kept for the site root paths `roots`, a new (empty) set when other
    root paths or too many are kept; replaced whole, so a thread still holding the old
    set writes nothing into the new one."""
    global _kept_urls
    kept_roots, kept = _kept_urls
    if kept_roots is not roots or len(kept) >= KEPT_URLS:
        kept = {}
        _kept_urls = (roots, kept)
    return kept


class RequestUrlMixin:
    """Wagtail's URL parts, kept in the process for as long as they stay the same.

    Reader pages link the same pages over and over: the menu's sections from every page,
    the newest articles from home and section pages, an article from its share links,
    printed address and canonical link. The parts follow from the page's URL path, the
    site root paths Wagtail keeps on the request and the script prefix. On a single-site
    install every request carries the cached chrome's own list of root paths
    (`prime_site`): the parts are kept until the chrome changes. Elsewhere each request
    has a list of its own, and the parts are kept for that request.
    """

    def get_url_parts(self, request=None):
        roots = getattr(request, "_wagtail_cached_site_root_paths", None)
        key = (self.url_path, get_script_prefix())
        if roots is not None and (parts := _urls_kept_for(roots).get(key)) is not None:
            return parts
        parts = super().get_url_parts(request)
        # The call puts the root paths on a request that had none.
        roots = getattr(request, "_wagtail_cached_site_root_paths", None)
        if roots is not None and parts is not None:
            _urls_kept_for(roots)[key] = parts
        return parts


class SectionPage(RequestUrlMixin, ViewRestrictionsMixin, ArabicSlugMixin, Page):
    """A section of the site (سياسة، اقتصاد ...) listing its articles, newest first."""

    intro = models.CharField("وصف القسم", max_length=255, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "الأقسام"

    def route(self, request, path_components):
        """Find an article of this section in one query instead of Wagtail's two.

        Wagtail loads the child as a plain Page and then its specific row; the children here
        are articles, so one lookup does. Anything else takes Wagtail's own route, which
        also keeps its rules: a page that is not live is a 404.
        """
        if len(path_components) == 1:
            article = self.child_article(path_components[0])
            if article is not None:
                article._cached_parent_obj = self  # treebeard's get_parent() reads it
                return article.route(request, [])
        return super().route(request, path_components)

    def child_article(self, slug: str) -> ArticlePage | None:
        """The article of this section at `slug`, live or not, with its lead image, in one
        query."""
        from akhbar.news.queries import section_article

        return section_article(self, slug)

    def get_context(self, request, *args, **kwargs):
        from akhbar.news.queries import in_section, live_articles
        from akhbar.news.views import paginate

        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, in_section(live_articles(), self.path))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        # "Does this article carry one of these tags?" per candidate (related articles):
        # with only the single-column indexes SQLite reads every article of the tag.
        indexes = [models.Index(fields=["content_object", "tag"], name="article_tag_pair_idx")]


class Urgency(models.TextChoices):
    NORMAL = "", "عادي"
    HOT = "hot", "خبر ساخن"
    BREAKING = "breaking", "عاجل"


class ArticlePage(RequestUrlMixin, ViewRestrictionsMixin, ArabicSlugMixin, Page):
    """A news article: headline, dek, dateline, lead image, body blocks and its source."""

    dek = models.TextField(
        "الموجز", max_length=400, blank=True, help_text="سطر أو سطران تحت العنوان"
    )
    dateline = models.CharField(
        "مكان الخبر", max_length=80, blank=True, help_text="يظهر في أول الخبر، مثل: دمشق"
    )
    lead_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name="الصورة الرئيسية",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(
        "تعليق الصورة", max_length=255, blank=True, help_text="يترك فارغاً لاستخدام تعليق المكتبة"
    )
    lead_image_credit = models.CharField("مصدر الصورة", max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="نص الخبر", blank=True)
    source_name = models.CharField(
        "المصدر", max_length=200, blank=True, help_text="مثال: وكالة الأنباء الفلانية"
    )
    source_url = models.URLField("رابط المصدر", max_length=500, blank=True)
    tags = ClusterTaggableManager("الوسوم", through=ArticleTag, blank=True)
    urgency = models.CharField(
        "الشريط الإخباري", max_length=16, choices=Urgency.choices, default="", blank=True
    )
    urgent_until = models.DateTimeField(
        "يبقى في الشريط حتى", null=True, blank=True, help_text="يترك فارغاً ليبقى حتى يُلغى يدوياً"
    )
    ticker_position = models.DateTimeField(
        "ترتيب الشريط",
        null=True,
        blank=True,
        editable=False,
        help_text="Set by the ticker desk when an editor moves an item; else publication time.",
    )
    social_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name="صورة المشاركة",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="تظهر عند مشاركة الخبر في وسائل التواصل؛ تترك فارغة لاستخدام الصورة الرئيسية",
    )

    content_panels = [
        TitleFieldPanel(
            "title",
            heading="العنوان",
            placeholder="عنوان الخبر",
            help_text="كما يقرؤه الناس في الصفحة الرئيسية والشريط، بلا نقطة في آخره.",
        ),
        FieldPanel("dek"),
        FieldPanel("dateline"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image", help_text="اختر صورة من المكتبة أو ارفع صورة جديدة."),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit", help_text="يترك فارغاً لاستخدام مصدر المكتبة"),
            ],
            heading="الصورة الرئيسية",
        ),
        FieldPanel(
            "body",
            help_text="فقرات وعناوين فرعية وصور و«إقرأ أيضاً». الأسطر المتتالية التي تبدأ "
            "بـ «-» أو «_» تصبح قائمة نقطية عند الحفظ، ويُنظَّف النص الملصوق من التنسيقات.",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_url")])],
            heading="المصدر",
            help_text="يظهر تحت الخبر: «وفقاً لـ …»",
        ),
        InlinePanel("article_authors", label="كاتب", heading="الكتّاب"),
        FieldPanel("tags", help_text="افصل بين الوسوم بفاصلة، مثل: الكهرباء، حلب"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("urgency"), FieldPanel("urgent_until")])],
            heading="خبر ساخن / عاجل",
            help_text="«عاجل» و«ساخن» يضعان الخبر في الشريط أعلى كل الصفحات حتى الوقت المحدد.",
        ),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "seo_title",
                    heading="عنوان محركات البحث",
                    help_text="يترك فارغاً لاستخدام عنوان الخبر؛ الأفضل أقل من 60 حرفاً.",
                ),
                FieldPanel(
                    "search_description",
                    heading="وصف محركات البحث",
                    help_text="يترك فارغاً لاستخدام الموجز؛ الأفضل أقل من 160 حرفاً.",
                ),
                FieldPanel("social_image"),
                FieldPanel(
                    "slug",
                    heading="الرابط",
                    help_text="يُولَّد من العنوان؛ لا تغيّره بعد النشر كي لا تنكسر الروابط.",
                ),
            ],
            heading="محركات البحث والمشاركة",
        ),
    ]
    # One screen (a single tab) for the whole article: the newsroom edits against the clock.
    edit_handler = TabbedInterface(
        [ObjectList([*content_panels, *promote_panels, *Page.settings_panels], heading="الخبر")]
    )
    base_form_class = ArticleAdminForm
    # The admin's index (modelsearch): the admin finds pages by their autocomplete fields
    # only (its page listing, search and choosers call `autocomplete()`), so the body is
    # not indexed there; readers search bodies through akhbar.search, Arabic-aware.  Storing
    # and tokenizing every body unread took a tenth of a 100,000-article import
    # (docs/importing.md, "Ninth pass").
    search_fields = [
        *Page.search_fields,
        index.FilterField("urgency"),
        index.AutocompleteField("search_title"),
        index.AutocompleteField("title_terms"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "خبر"
        verbose_name_plural = "الأخبار"
        indexes = [
            models.Index(fields=["urgency", "urgent_until"], name="article_ticker_idx"),
            # Imports match re-fed items by their source link (akhbar.importers.pipeline).
            models.Index(fields=["source_url"], name="article_source_url_idx"),
        ]

    def clean(self):
        super().clean()
        if self.source_url and not self.source_name:
            raise ValidationError({"source_name": "اكتب اسم المصدر عندما تضيف رابطه."})
        if self.urgent_until and not self.urgency:
            raise ValidationError({"urgency": "اختر «ساخن» أو «عاجل» مع وقت الانتهاء."})

    @property
    def published_at(self):
        """The time readers see as the publication time."""
        return self.first_published_at or self.latest_revision_created_at

    @property
    def was_updated(self) -> bool:
        """True when it was republished well after first publication (worth showing)."""
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and (last - first).total_seconds() > 300)

    @property
    def lead_caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def lead_credit(self) -> str:
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""

    @property
    def section(self) -> SectionPage | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    def body_text(self) -> str:
        """The body as plain text (read-also cards left out), for word counts and search."""
        parts: list[str] = []
        for block in self.body:
            if block.block_type != "read_also":
                parts.extend(block.block.get_searchable_content(block.value))
        return "\n".join(strip_tags(part) for part in parts)

    def search_title(self) -> str:
        """The title in matching form, for the admin's search: احمد finds «أحمد» (search.md)."""
        return normalize(self.title)

    def title_terms(self) -> str:
        """The title's search terms, for the admin's search: المدارس and بالمدرسة find
        «مدرسة», as in the reader's search (search.md)."""
        return " ".join(analyze(self.title))

    def word_count(self) -> int:
        """Words of the body for its reading time: the blocks' stored text with tags taken out
        by a regular expression, near enough for minutes, without rendering every block's
        HTML for its text (`body_text`) on each page render."""
        texts = _stored_texts(
            [block for block in self.body.raw_data if block["type"] != "read_also"]
        )
        return len(_TAG.sub(" ", " ".join(texts)).split())

    def is_on_ticker(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.urgency) and (self.urgent_until is None or self.urgent_until > now)

    def get_context(self, request, *args, **kwargs):
        from akhbar.news.queries import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(self))
        return context


_TAG = re.compile(r"<[^>]*>")


def _stored_texts(value: object) -> Iterator[str]:
    """The strings of a StreamField's raw data: a child block's value, not its type or id."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        children = [value["value"]] if "type" in value and "value" in value else value.values()
        for child in children:
            yield from _stored_texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _stored_texts(child)


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(
        Author, verbose_name="الكاتب", related_name="article_links", on_delete=models.CASCADE
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "author")]


class ArticleDailyViews(models.Model):
    """Read counts per article and day, fed by the view beacon (never by page rendering)."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="unique_article_day_views")
        ]
        indexes = [
            models.Index(fields=["day", "-views"], name="views_day_idx"),
            # Covers the most-read sum: no table row is read.
            models.Index(fields=["day", "article", "views"], name="views_day_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.views}"
