"""Newsroom forms: the breaking-news quick form and the image form with required alt text."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from wagtail.images.forms import BaseImageForm

from akhbar.news.models import SectionPage, Urgency

DEFAULT_TICKER_MINUTES = 60
MAX_TICKER_MINUTES = 7 * 24 * 60


class BreakingNewsForm(forms.Form):
    """Headline, one line and a section: all an editor types to put news on the ticker."""

    headline = forms.CharField(
        label="العنوان",
        max_length=255,
        widget=forms.TextInput(attrs={"dir": "auto", "autofocus": True}),
    )
    line = forms.CharField(
        label="سطر الخبر",
        max_length=400,
        required=False,
        help_text="جملة واحدة تظهر تحت العنوان؛ أكمل الخبر لاحقاً من محرر الأخبار.",
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    section = forms.ModelChoiceField(label="القسم", queryset=SectionPage.objects.none())
    urgency = forms.ChoiceField(
        label="في الشريط",
        choices=[(Urgency.BREAKING, "عاجل"), (Urgency.HOT, "ساخن")],
        initial=Urgency.BREAKING,
        widget=forms.RadioSelect,
    )
    minutes = forms.IntegerField(
        label="يبقى في الشريط (دقائق)",
        min_value=0,
        max_value=MAX_TICKER_MINUTES,
        initial=DEFAULT_TICKER_MINUTES,
        help_text="0 = حتى يُنهى يدوياً من صفحة الشريط.",
    )

    def __init__(self, *args, sections: QuerySet[SectionPage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        if sections.count() == 1:
            self.fields["section"].initial = sections.first()


class NewsImageForm(BaseImageForm):
    """Image upload and edit form (WAGTAILIMAGES_IMAGE_FORM_BASE): alt text is required,
    because every news photo is also read aloud by screen readers."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if description := self.fields.get("description"):
            description.required = True
            description.label = "النص البديل"
            description.help_text = (
                "صف ما في الصورة لمن لا يراها، في جملة قصيرة. "
                "مثال: متطوعون يوزعون الخبز في حي الميدان."
            )
        if caption := self.fields.get("caption"):
            caption.help_text = "يظهر تحت الصورة، ويمكن تغييره في كل خبر."
        if credit := self.fields.get("credit"):
            credit.help_text = "اسم المصور أو الوكالة صاحبة الحقوق."
