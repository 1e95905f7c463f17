"""Hostile XML exports: refused before any harm, or read up to the damage with the rest named."""

import pytest
from django.core.management.base import CommandError

from akhbar.importers.records import Failure
from akhbar.importers.sources.base import SourceUnreadable
from akhbar.importers.sources.xml import XmlReader
from akhbar.news.models import ArticlePage
from tests.importers.conftest import fixture
from tests.importers.test_commands import akhbar

ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"


def reader(path, **limits) -> XmlReader:
    return XmlReader(
        str(path),
        is_entry=lambda tag, depth: depth == 1 and tag == ATOM_ENTRY,
        max_bytes=limits.get("max_bytes", 1_000_000),
        max_entry_bytes=limits.get("max_entry_bytes", 100_000),
    )


@pytest.mark.parametrize("name", ["blogger/bomb.atom", "blogger/external-entity.atom"])
def test_a_dtd_is_refused_before_anything_expands(name):
    xml = reader(fixture(name))
    with pytest.raises(
        SourceUnreadable, match=r"refused: the file declares a DTD \(<!DOCTYPE feed>\)"
    ):
        xml.open()
    xml.close()


@pytest.mark.django_db
def test_the_command_refuses_an_entity_bomb(home):
    with pytest.raises(CommandError, match="declares a DTD"):
        akhbar("import", "blogger", str(fixture("blogger/bomb.atom")))
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_a_truncated_file_keeps_the_entries_before_the_break(home):
    output = akhbar("import", "blogger", str(fixture("blogger/truncated.atom")))
    assert "│ created             │        2 │" in output
    assert "line 53, column 11" in output
    assert "truncated" in output
    assert ArticlePage.objects.count() == 2


@pytest.mark.django_db
def test_bytes_that_are_not_utf8_fail_only_their_entry(home):
    output = akhbar("import", "blogger", str(fixture("blogger/broken-encoding.atom")))
    assert "entry 3 (line 35)" in output
    assert "holds bytes that are not valid UTF-8 text" in output
    assert ArticlePage.objects.filter(title="افتتاح سوق الخضار الجديد في حي الجميلية").exists()


def test_broken_xml_in_the_middle_names_the_place(tmp_path):
    feed = (fixture("blogger/feed.atom")).read_text()
    broken = tmp_path / "broken.atom"
    broken.write_text(feed.replace("<title>مسودة: نتائج", "<title <مسودة: نتائج"))
    xml = reader(broken)
    xml.open()
    entries = list(xml.entries())
    xml.close()
    assert len([entry for entry in entries if not isinstance(entry, Failure)]) == 3
    assert entries[-1].location == "line 53, column 11"
    assert "the XML is broken here (not well-formed (invalid token))" in entries[-1].reason
    assert "inside the entry that starts on line 48" in entries[-1].reason


def test_size_limits(tmp_path):
    path = fixture("blogger/feed.atom")
    with pytest.raises(SourceUnreadable, match="more than AKHBAR_IMPORT_MAX_XML_BYTES"):
        reader(path, max_bytes=1000).open()
    xml = reader(path, max_entry_bytes=600)
    xml.open()
    failures = [entry for entry in xml.entries() if isinstance(entry, Failure)]
    xml.close()
    assert (
        Failure(
            "entry 1 (line 5)", "entry longer than 600 bytes (AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES)"
        )
        in failures
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b'{"title": "json"}', "the XML is broken here"), (b"<feed", "truncated")],
)
def test_files_that_are_not_xml(tmp_path, content, message):
    path = tmp_path / "x.atom"
    path.write_bytes(content)
    with pytest.raises(SourceUnreadable, match=message):
        reader(path).open()


def test_memory_stays_at_one_entry(tmp_path):
    head = '<feed xmlns="http://www.w3.org/2005/Atom">'
    entry = "<entry><id>x</id><content>" + "نص " * 500 + "</content></entry>\n"
    path = tmp_path / "big.atom"
    path.write_text(head + entry * 2000 + "</feed>")
    xml = reader(path, max_bytes=10_000_000)
    root = xml.open()
    count = 0
    for item in xml.entries():
        assert not isinstance(item, Failure)
        assert len(root) <= 1  # entries already handed out are no longer in the tree
        count += 1
    xml.close()
    assert count == 2000
