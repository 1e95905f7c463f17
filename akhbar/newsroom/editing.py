"""The article editor's form: cleaned rich text and refusal to overwrite a newer save.

Imported by akhbar.news.models as the article's `base_form_class`, so this module must not
import models (akhbar's or those that wagtail.images.forms loads).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

from akhbar.newsroom.sanitize import clean_rich_text

# Stream blocks (and struct children) holding rich text that readers see.
RICH_TEXT_BLOCKS = {"paragraph": None, "fact_box": "body"}


class ArticleAdminForm(WagtailAdminPageForm):
    """The article editor's form: cleans pasted HTML and refuses to overwrite a newer save."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if body := cleaned_data.get("body"):
            cleaned_data["body"] = clean_body(body)
        if self.is_stale():
            author = self.instance.latest_revision.user
            who = (author.get_full_name() or author.get_username()) if author else ""
            raise ValidationError(
                "حفظ %(who)s نسخة أحدث من هذا الخبر بعد أن فتحته. لم يُحفظ شيء من عملك بعد، "
                "وهو ما زال في النموذج: قارن النسختين في «السجل»، ثم احفظ مرة أخرى لتعتمد نسختك.",
                code="stale_edit",
                params={"who": who or "محرر آخر"},
            )
        return cleaned_data

    def is_stale(self) -> bool:
        """True when someone else saved the article after this editor loaded it.

        Wagtail runs this check only for autosave requests (EditView.is_out_of_date); the
        same rule here makes an explicit «حفظ» or «نشر» refuse to overwrite silently. The
        form is shown again with this editor's text and the newest revision id, so a second
        save, after comparing, is a deliberate overwrite; both revisions stay in history.
        """
        latest = self.instance.latest_revision if self.instance.pk else None
        # One's own newer revision is usually one's own autosave racing this click.
        if latest is None or latest.user_id == getattr(self.for_user, "pk", None):
            return False
        if overwrite_id := self.data.get("overwrite_revision_id"):
            return overwrite_id != str(latest.pk)
        if loaded_id := self.data.get("loaded_revision_id"):
            return (
                loaded_id != str(latest.pk)
                or self.data.get("loaded_revision_created_at", "") != latest.created_at.isoformat()
            )
        return False


def clean_body(body: StreamValue) -> StreamValue:
    """The article body with every reader-visible rich text passed through clean_rich_text."""
    for index, child in enumerate(body):
        if child.block_type not in RICH_TEXT_BLOCKS:
            continue
        field = RICH_TEXT_BLOCKS[child.block_type]
        if field is None:
            body[index] = (child.block_type, _clean(child.value), child.id)
        else:
            child.value[field] = _clean(child.value[field])
    return body


def _clean(value: RichText) -> RichText:
    return RichText(clean_rich_text(value.source))
