"""Helpers for newsroom tests: users in roles and the article editor's form data."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

_counter = itertools.count(1)


def make_member(role: str | None, *, username: str | None = None):
    """A staff account in the newsroom role `role` (None: a logged-in user with no role)."""
    user = get_user_model().objects.create_user(
        username=username or f"member-{next(_counter)}",
        password="not-used",  # noqa: S106
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def article_form_data(title: str, *, body: list | None = None, **fields) -> dict[str, str]:
    """POST data of the article editor, as Wagtail's admin sends it.

    `body` is a list of (block type, value) pairs; paragraphs take HTML, as if pasted.
    """
    blocks = [
        (kind, rich_text(value) if kind == "paragraph" else value)
        for kind, value in (body or [("paragraph", "<p>نص الخبر كما كتبه المحرر.</p>")])
    ]
    data = {
        "title": title,
        "slug": f"news-{next(_counter)}",
        "dek": "",
        "dateline": "",
        "lead_image": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "body": streamfield(blocks),
        "source_name": "",
        "source_url": "",
        "article_authors": inline_formset([]),
        "tags": "",
        "urgency": "",
        "urgent_until": "",
        "seo_title": "",
        "search_description": "",
        "social_image": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)
