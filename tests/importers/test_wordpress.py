"""`akhbar import wordpress`: posts, pages, drafts, images from the uploads folder, old
permalinks."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.core.models import NewsImage, StandardPage
from akhbar.importers.html import Embed, Figure, Paragraph, parse_body
from akhbar.importers.records import ArticleRecord, BodyFormat, InvalidRecord
from akhbar.importers.sources import xml
from akhbar.importers.sources.wordpress import (
    Attachment,
    WordPressSource,
    autop,
    expand_shortcodes,
)
from akhbar.news.models import ArticlePage
from tests.importers.conftest import fixture
from tests.importers.test_commands import akhbar

pytestmark = pytest.mark.django_db

EXPORT = str(fixture("wordpress/export.xml"))
UPLOADS = fixture("wordpress/uploads")


def import_export(*extra: str) -> str:
    return akhbar("import", "wordpress", EXPORT, "--uploads", str(UPLOADS), *extra)


def test_posts_pages_drafts_and_failures(home):
    output = import_export()
    assert "│ created             │        4 │" in output
    assert "│ failed              │        3 │" in output
    for reason in ["attachment", "menu item", "trashed"]:
        assert f"Ignored ({reason}): 1" in output
    for location, reason in [
        ("entry 7 (line 155)", "title is empty"),
        ("entry 8 (line 166)", "<wp:post_date> is missing"),
        ("entry 9 (line 175)", "duplicate guid 'https://halab-today.com/?p=11'"),
    ]:
        assert location in output and reason in output

    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    assert market.live and market.get_parent().title == "محليات"
    assert sorted(market.tags.names()) == ["أسواق", "حلب"]
    assert [link.author.name for link in market.article_authors.all()] == ["ريم الأحمد"]
    assert market.first_published_at == datetime(2021, 1, 10, 7, 15, tzinfo=UTC)
    assert market.dek == "سوق جديد للخضار في الجميلية"
    assert market.lead_image is not None
    assert market.lead_image.title  # imported from uploads/2021/01/souq.jpg

    draft = ArticlePage.objects.get(title="نتائج الدوري المحلي")
    assert not draft.live and draft.get_parent().title == "رياضة"
    pending = ArticlePage.objects.get(title="مهرجان الكتاب يعود إلى قلعة حلب")
    assert not pending.live
    about = StandardPage.objects.get(title="من نحن")
    assert about.live and about.get_parent().specific == home


def test_featured_and_body_images_come_from_the_uploads_folder(home):
    import_export()
    # souq.jpg (featured, declared after its post) and qalaa.png (in a [caption] of the
    # live post's body); kitab.jpg is in the body of the pending post, also imported.
    assert NewsImage.objects.count() == 3
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    assert [block.block_type for block in market.body].count("image") == 1


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_export_finds_its_featured_images_too(home, tmp_path, encoding):
    """The first pass over the file is skipped only when it never says "attachment": in
    UTF-16 that word is other bytes."""
    text = fixture("wordpress/export.xml").read_text().replace('encoding="UTF-8"', "")
    export = tmp_path / "export.xml"
    export.write_bytes("\ufeff".encode(encoding) + text.encode(encoding))
    akhbar("import", "wordpress", str(export), "--uploads", str(UPLOADS))
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    assert market.lead_image is not None


def test_an_export_without_attachments_skips_their_pass(home, tmp_path, monkeypatch):
    items = fixture("wordpress/export.xml").read_text().split("<item>")
    export = tmp_path / "posts.xml"
    export.write_text(
        "<item>".join(item for item in items if "<wp:attachment_url>" not in item).replace(
            "attachment_21", "image_21"
        )
    )
    assert "attachment" not in export.read_text()
    monkeypatch.setattr(
        "akhbar.importers.sources.wordpress.XmlReader.entries",
        lambda *args: pytest.fail("read the file for attachments"),
    )
    source = WordPressSource(
        {"file": str(export), "default_section": "أخبار"}, time_zone=ZoneInfo("Asia/Damascus")
    )
    source.open()
    source.close()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_the_search_for_attachments_reads_across_chunks(tmp_path, monkeypatch, encoding):
    monkeypatch.setattr(xml, "_SEARCH_CHUNK", 5)
    export = tmp_path / "export.xml"
    export.write_bytes("<rss><wp:post_type>attachment</wp:post_type></rss>".encode(encoding))
    assert xml.file_mentions(str(export), "attachment")
    export.write_bytes("<rss><wp:post_type>attach ment</wp:post_type></rss>".encode(encoding))
    assert not xml.file_mentions(str(export), "attachment")


def test_old_permalinks_redirect_permanently(home, client):
    import_export()
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    for old in ["/2021/01/souq-jamiliyeh/", "/2021/01/souq-jamiliyeh"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(market.url)
    about = StandardPage.objects.get(title="من نحن")
    assert client.get("/about/")["Location"].endswith(about.url)


def test_wordpress_id_addresses_redirect(home, client):
    import_export()
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    response = client.get("/?p=11")
    assert response.status_code == 301
    assert response["Location"].endswith(market.url)


def test_importing_twice_skips_everything(home):
    import_export()
    output = import_export()
    assert "│ created             │        0 │" in output
    assert "│ skipped (unchanged) │        4 │" in output
    assert ArticlePage.objects.count() == 3
    assert NewsImage.objects.count() == 3


def test_dry_run_writes_nothing(home):
    output = import_export("--dry-run")
    assert "Dry run: nothing was written" in output
    assert not ArticlePage.objects.exists()
    assert not NewsImage.objects.exists()


def test_local_images_never_leave_the_uploads_folder(tmp_path):
    source = WordPressSource(
        {"file": EXPORT, "uploads": str(UPLOADS), "default_section": "أخبار"},
        time_zone=ZoneInfo("Asia/Damascus"),
    )
    with source:
        found = source.local_image("https://halab-today.com/wp-content/uploads/2021/02/kitab.jpg")
        assert found == (UPLOADS / "2021/02/kitab.jpg").resolve()
        assert source.local_image("https://x.example/wp-content/uploads/../../export.xml") is None
        assert source.local_image("/wp-content/uploads/%2e%2e/export.xml") is None
        assert source.local_image("https://halab-today.com/2021/02/kitab.jpg") is None
        assert source.local_image("/wp-content/uploads/2021/02/missing.jpg") is None


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("سطر أول\nسطر ثان\n\nفقرة ثانية", "<p>سطر أول<br>سطر ثان</p>\n<p>فقرة ثانية</p>"),
        (
            "<p>جاهزة</p>\n\n<!-- wp:paragraph -->\n<p>كتلة</p>",
            "<p>جاهزة</p>\n<!-- wp:paragraph -->\n<p>كتلة</p>",
        ),
        (
            '[caption id="a"]<img src="x.jpg" /> شرح[/caption]',
            '<figure><img src="x.jpg" /><figcaption> شرح</figcaption></figure>',
        ),
    ],
)
def test_autop(stored, expected):
    assert autop(stored) == expected


# Characters a WordPress export can hold in plain text (XML 1.0 has no other controls, and
# a parser turns \r\n into \n), with the line rules' words: bullets, sources, read-also.
PLAIN_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(exclude_characters="<&[\r", exclude_categories=("Cc", "Cs"))),
        st.sampled_from(
            ["\n", "\n\n", "\t", " ", "\u00a0", "\u2028", "\x85", "_", "- ", "وفقاً لـ",
             "نقلاً عن وكالة", "إقرأ أيضا: ", "https://youtu.be/abc", ">", "مدرسة"]
        ),
    ),
    max_size=30,
).map("".join)  # fmt: skip


@given(PLAIN_TEXT)
def test_plain_text_reads_as_autop_would_show_it(stored):
    """A post without tag, entity or shortcode is read as text (the cheaper path): it must
    give the blocks autop's HTML gives."""
    try:
        expected = parse_body(autop(stored), BodyFormat.HTML)
    except InvalidRecord:
        with pytest.raises(InvalidRecord):
            parse_body(stored, BodyFormat.TEXT)
    else:
        assert parse_body(stored, BodyFormat.TEXT) == expected


def test_plain_text_posts_are_read_as_text_and_others_as_html():
    source = WordPressSource(
        {"file": EXPORT, "uploads": str(UPLOADS), "default_section": "أخبار"},
        time_zone=ZoneInfo("Asia/Damascus"),
    )
    with source:
        formats = {
            record.body.partition("\n")[0][:20]: record.body_format
            for record in source.records()
            if isinstance(record, ArticleRecord)
        }
    assert formats["موقع إخباري مستقل من"] is BodyFormat.TEXT  # no tag, entity or shortcode
    assert formats["<p>افتتحت البلدية صب"] is BodyFormat.HTML  # one link
    assert formats["<p>يعود مهرجان الكتا"] is BodyFormat.HTML  # paragraphs, an image


ATTACHMENTS = {
    "20": Attachment(
        "https://halab-today.com/wp-content/uploads/2021/01/souq.jpg", "السوق", "", "11"
    ),
    "21": Attachment(
        "https://halab-today.com/wp-content/uploads/2021/02/qalaa.png", "", "القلعة", "9"
    ),
}


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("[embed]https://youtu.be/abc[/embed]", [Embed("https://youtu.be/abc")]),
        (
            'قبل\n[video width="640" mp4="https://halab-today.com/v/clip.mp4"][/video]\nبعد',
            ["قبل", Embed("https://halab-today.com/v/clip.mp4"), "بعد"],
        ),
        (
            "[audio src='https://halab-today.com/a/lahn.mp3']",
            [Embed("https://halab-today.com/a/lahn.mp3")],
        ),
        ('[gallery ids="21,99,20"]', ["qalaa.png", "souq.jpg"]),  # 99 is no attachment
        ('[gallery columns="2"]', ["souq.jpg"]),  # without ids: the post's own uploads
        ('نص [playlist ids="20,21"] يتبعه', ["نص يتبعه"]),
    ],
)
def test_media_shortcodes_become_figures_and_embeds(stored, expected):
    """[embed], [video] and [audio] as embed blocks (a link for a plain file), [gallery] as
    images from the export's attachments; a playlist has nothing to show."""
    body = parse_body(autop(expand_shortcodes(stored, ATTACHMENTS, "11")), BodyFormat.HTML)
    shown = []
    for block in body.blocks:
        match block:
            case Figure(image):
                shown.append(image.src.rsplit("/", 1)[1])
            case Paragraph(markup):
                shown.append(markup.removeprefix("<p>").removesuffix("</p>"))
            case _:
                shown.append(block)
    assert shown == expected


def test_an_rss_feed_is_not_a_wordpress_export(home, tmp_path):
    from django.core.management.base import CommandError

    feed = tmp_path / "feed.xml"
    feed.write_text('<rss version="2.0"><channel><title>موجز</title></channel></rss>')
    with pytest.raises(CommandError, match="not a WordPress export"):
        akhbar("import", "wordpress", str(feed))
