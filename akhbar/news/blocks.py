"""StreamField blocks of an article body; each renders with a template in news/blocks/."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from akhbar.core.models import RICH_TEXT_FEATURES


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="الاقتباس")
    attribution = blocks.CharBlock(label="القائل", required=False)

    class Meta:
        icon = "openquote"
        label = "اقتباس"
        template = "news/blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="الصورة")
    caption = blocks.CharBlock(label="التعليق", required=False)
    credit = blocks.CharBlock(label="المصدر", required=False)

    class Meta:
        icon = "image"
        label = "صورة"
        template = "news/blocks/image_block.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="العنوان", default="حقائق سريعة")
    body = blocks.RichTextBlock(label="النص", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ul"
        label = "صندوق معلومات"
        template = "news/blocks/fact_box_block.html"


class ReadAlsoBlock(blocks.StructBlock):
    """An inline «إقرأ أيضاً» card linking another article of the site."""

    article = blocks.PageChooserBlock(label="الخبر", page_type="news.ArticlePage")
    label = blocks.CharBlock(label="العبارة", default="إقرأ أيضاً", required=False)

    class Meta:
        icon = "link"
        label = "إقرأ أيضاً"
        template = "news/blocks/read_also_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="فقرة", features=RICH_TEXT_FEATURES, template="news/blocks/paragraph_block.html"
    )
    heading = blocks.CharBlock(
        label="عنوان فرعي", icon="title", template="news/blocks/heading_block.html"
    )
    bullets = blocks.ListBlock(
        blocks.CharBlock(label="سطر"),
        label="قائمة نقطية",
        icon="list-ul",
        template="news/blocks/bullets_block.html",
    )
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(label="تضمين (فيديو/تغريدة)", template="news/blocks/embed_block.html")
    fact_box = FactBoxBlock()
    read_also = ReadAlsoBlock()
