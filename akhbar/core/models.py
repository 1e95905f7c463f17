"""Site-wide models: the image model, the home page, plain pages and site settings."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page

from akhbar.arabic import DIGIT_STYLES, MONTH_STYLES, DisplayStyle

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "blockquote"]

TIME_ZONES = [
    ("Asia/Damascus", "دمشق"),
    ("Asia/Beirut", "بيروت"),
    ("Asia/Amman", "عمّان"),
    ("Asia/Baghdad", "بغداد"),
    ("Asia/Jerusalem", "القدس"),
    ("Asia/Riyadh", "الرياض"),
    ("Asia/Dubai", "دبي"),
    ("Africa/Cairo", "القاهرة"),
    ("Africa/Tunis", "تونس"),
    ("Africa/Algiers", "الجزائر"),
    ("Africa/Casablanca", "الدار البيضاء"),
    ("Europe/Istanbul", "إسطنبول"),
    ("Europe/Berlin", "برلين"),
    ("UTC", "UTC"),
]


class NewsImage(AbstractImage):
    """An image with the credit and default caption every news photo needs."""

    caption = models.CharField("التعليق", max_length=255, blank=True)
    credit = models.CharField(
        "المصدر / الحقوق", max_length=255, blank=True, help_text="مثال: تصوير وكالة الأنباء"
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """The site's front page: lead story, ticker, latest, a block per section, most read."""

    max_count = 1
    subpage_types = ["news.SectionPage", "core.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "الصفحة الرئيسية"

    def get_context(self, request, *args, **kwargs):
        from akhbar.news.queries import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


class StandardPage(Page):
    """A plain page such as «من نحن» or «اتصل بنا»."""

    body = RichTextField("النص", features=[*RICH_TEXT_FEATURES, "h2", "h3", "image"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    subpage_types: list[str] = []
    parent_page_types = ["core.HomePage"]

    class Meta:
        verbose_name = "صفحة ثابتة"


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """What an editor-in-chief sets once: identity, footer, ticker and how dates look."""

    tagline = models.CharField("الشعار النصي", max_length=255, blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name="الشعار",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ticker_length = models.PositiveSmallIntegerField("عدد أخبار الشريط", default=8)
    time_zone = models.CharField(
        "المنطقة الزمنية", max_length=64, choices=TIME_ZONES, default="Asia/Damascus"
    )
    month_style = models.CharField(
        "أسماء الأشهر", max_length=32, choices=MONTH_STYLES, default="levantine"
    )
    digit_style = models.CharField(
        "الأرقام", max_length=16, choices=DIGIT_STYLES, default="western"
    )
    show_hijri = models.BooleanField("إظهار التاريخ الهجري", default=False)
    facebook_url = models.URLField("فيسبوك", blank=True)
    x_url = models.URLField("إكس (تويتر)", blank=True)
    telegram_url = models.URLField("تلغرام", blank=True)
    youtube_url = models.URLField("يوتيوب", blank=True)
    instagram_url = models.URLField("إنستغرام", blank=True)
    google_play_url = models.URLField("تطبيق أندرويد (Google Play)", blank=True)
    app_store_url = models.URLField("تطبيق آيفون (App Store)", blank=True)
    copyright_notice = models.CharField("حقوق النشر", max_length=255, blank=True)
    feed_full_content = models.BooleanField(
        "النص الكامل في الخلاصات",
        default=False,
        help_text="تنشر خلاصات RSS وAtom وJSON نص الخبر كاملاً بدلاً من الموجز وحده",
    )

    panels = [
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("logo")], heading="الهوية"),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldPanel("month_style"),
                FieldPanel("digit_style"),
                FieldPanel("show_hijri"),
            ],
            heading="التاريخ والأرقام",
        ),
        FieldPanel("ticker_length"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("telegram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("instagram_url"),
                FieldPanel("google_play_url"),
                FieldPanel("app_store_url"),
            ],
            heading="الروابط الاجتماعية والتطبيقات",
        ),
        InlinePanel("footer_links", heading="روابط التذييل", label="رابط"),
        FieldPanel("copyright_notice"),
        FieldPanel("feed_full_content"),
    ]

    class Meta:
        verbose_name = "إعدادات الموقع"

    @cached_property
    def display_style(self) -> DisplayStyle:
        return DisplayStyle(
            month_style=self.month_style,
            digits=self.digit_style,
            time_zone=self.time_zone,
            hijri=self.show_hijri,
        )

    @property
    def social_links(self) -> list[tuple[str, str, str]]:
        """(key, label, url) for each social profile that is set, in display order."""
        fields = ["facebook_url", "x_url", "telegram_url", "youtube_url", "instagram_url"]
        return [
            (
                name.removesuffix("_url"),
                self._meta.get_field(name).verbose_name,
                getattr(self, name),
            )
            for name in fields
            if getattr(self, name)
        ]


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
    label = models.CharField("النص", max_length=80)
    url = models.CharField("الرابط", max_length=500, help_text="رابط كامل أو مسار مثل /about/")

    panels = [FieldPanel("label"), FieldPanel("url")]
