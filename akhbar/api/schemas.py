"""What the API says about articles, sections, tags and authors (its OpenAPI components)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Generic, Literal, TypeVar

from django.utils.timezone import localtime
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from akhbar.feeds.articles import SyndicatedArticle, site_zone
from akhbar.feeds.content import portable_body

ItemT = TypeVar("ItemT")


def _without_nul(value: str) -> str:
    # PostgreSQL refuses NUL in any text it is asked to compare, with an error, not a miss.
    if "\x00" in value:
        raise ValueError("must not contain NUL (U+0000) characters")
    return value


#: A string the API looks up or stores in the database (a slug, a path, a wire story's
#: fields): a NUL is a 422, not a 500.
DatabaseText = Annotated[str, AfterValidator(_without_nul)]


class Paged(Schema, Generic[ItemT]):
    """One page of a list; `next` and `previous` are absolute URLs, or null at the ends."""

    count: int
    next: str | None
    previous: str | None
    results: list[ItemT]


class Detail(Schema):
    """Every error: a message, or for 422 the list of invalid fields."""

    detail: str | list[dict]


class RefOut(Schema):
    name: str
    slug: str
    url: str


class ImageOut(Schema):
    url: str
    width: int
    height: int
    mime_type: str
    length: int = Field(description="Size of the image file in bytes")
    alt: str


class ArticleOut(Schema):
    id: int
    title: str
    dek: str
    url: str = Field(description="Absolute address of the article page")
    path: str = Field(description="The page's path on the site, for /articles/by-path")
    section: RefOut | None
    tags: list[RefOut]
    authors: list[RefOut]
    image: ImageOut | None
    urgency: str = Field(description='"" (normal), "hot" or "breaking"')
    published_at: datetime = Field(description="First publication, in the site's time zone")
    updated_at: datetime = Field(description="Last publication, in the site's time zone")

    @staticmethod
    def resolve_path(obj: SyndicatedArticle, context) -> str:
        return obj.page.get_url(context["request"])

    @staticmethod
    def resolve_urgency(obj: SyndicatedArticle) -> str:
        return obj.page.urgency

    @staticmethod
    def resolve_published_at(obj: SyndicatedArticle, context) -> datetime:
        return localtime(obj.published_at, site_zone(context["request"]))

    @staticmethod
    def resolve_updated_at(obj: SyndicatedArticle, context) -> datetime:
        return localtime(obj.updated_at, site_zone(context["request"]))


class SourceOut(Schema):
    name: str
    url: str


class ArticleDetailOut(ArticleOut):
    dateline: str
    body_html: str = Field(description="Sanitized body with absolute links and image addresses")
    image_caption: str
    image_credit: str
    source: SourceOut | None

    @staticmethod
    def resolve_dateline(obj: SyndicatedArticle) -> str:
        return obj.page.dateline

    @staticmethod
    def resolve_body_html(obj: SyndicatedArticle, context) -> str:
        return portable_body(obj.page, context["request"])

    @staticmethod
    def resolve_image_caption(obj: SyndicatedArticle) -> str:
        return obj.page.lead_caption

    @staticmethod
    def resolve_image_credit(obj: SyndicatedArticle) -> str:
        return obj.page.lead_credit

    @staticmethod
    def resolve_source(obj: SyndicatedArticle) -> SourceOut | None:
        page = obj.page
        return SourceOut(name=page.source_name, url=page.source_url) if page.source_name else None


class SectionOut(RefOut):
    id: int
    intro: str


class TagOut(RefOut):
    article_count: int


class AuthorOut(RefOut):
    role: str
    bio: str


class ArticleFilters(Schema):
    section: DatabaseText | None = Field(None, description="Section slug, e.g. politics")
    tag: DatabaseText | None = Field(None, description="Tag slug")
    author: DatabaseText | None = Field(None, description="Author slug")
    since: date | None = Field(
        None, alias="from", description="First day (inclusive), in the site's time zone"
    )
    until: date | None = Field(
        None, alias="to", description="Last day (inclusive), in the site's time zone"
    )


class ArticleIn(Schema):
    """A wire story to create, or to update when its guid was sent before."""

    guid: DatabaseText = Field(min_length=1, max_length=1000, description="The sender's stable id")
    section: DatabaseText = Field(min_length=1, description="Slug of an existing section")
    title: DatabaseText = Field(min_length=1, max_length=255)
    body: DatabaseText = Field(min_length=1, description="HTML (sanitized) or plain text")
    body_format: Literal["html", "text"] = "html"
    dek: DatabaseText = Field("", max_length=400)
    tags: list[DatabaseText] = []
    authors: list[DatabaseText] = Field([], description="Author names; unknown names are created")
    source_name: DatabaseText = Field("", max_length=200)
    source_url: DatabaseText = Field("", max_length=500)
    status: Literal["draft", "published"] = "draft"
    published_at: AwareDatetime = Field(description="First publication, with a UTC offset")
    updated_at: AwareDatetime | None = Field(
        None, description="The sender's last change, with a UTC offset"
    )


class IngestOut(Schema):
    id: int
    guid: str
    status: Literal["draft", "published"]
    result: Literal["created", "updated", "unchanged"]
    url: str | None = Field(description="Absolute address once published")
