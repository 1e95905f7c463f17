"""`make bench-import`: import 100,000 generated Arabic articles from JSON Lines and WXR.

Writes the same generated articles as a JSON Lines file and as a WordPress export (WXR) in a
temporary folder and, for each format, into a fresh SQLite database (a temporary
AKHBAR_DATA_DIR), runs the real `akhbar import FORMAT FILE` command as a child process and
reports seconds, articles per second and peak memory (the command and its reading process
together) against the targets; then the same import again (every record unchanged) and an
export of the result.

Targets (docs/importing.md): under 2 minutes and under 500 MB for 100,000 articles.

    .venv/bin/python bench/importers.py [--articles N] [--formats jsonl wordpress] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

AKHBAR = str(Path(sys.executable).with_name("akhbar"))

# Our own word banks: a generic news vocabulary, not text from any site.
SUBJECTS = [
    "مجلس المدينة", "وزارة الزراعة", "نقابة المعلمين", "الدفاع المدني", "غرفة التجارة",
    "مديرية الصحة", "اتحاد الطلبة", "شركة الكهرباء", "بلدية الحي", "جمعية المزارعين",
    "فريق الإنقاذ", "المصرف المركزي", "هيئة النقل", "مكتب الإحصاء", "إدارة المرفأ",
]  # fmt: skip
VERBS = [
    "أعلن", "ناقش", "افتتح", "أطلق", "رفض", "أقر", "بحث", "وقّع", "أجّل", "استقبل", "نظّم",
    "قدّم", "طالب", "حذّر من", "رحّب بـ",
]  # fmt: skip
OBJECTS = [
    "خطة جديدة للنقل العام", "مشروع توسيع شبكة المياه", "اتفاقاً لتأهيل المدارس",
    "حملة لتنظيف الأحياء", "برنامجاً لدعم صغار المزارعين", "موازنة العام المقبل",
    "معرضاً للكتاب", "مبادرة لإصلاح الطرق", "قراراً برفع الأجور", "دورة لتدريب الشباب",
    "مستشفى ميدانياً", "سوقاً شعبية للخضار", "مسابقة للمواهب", "خط حافلات بين المدينتين",
]  # fmt: skip
PLACES = [
    "في حلب", "في دمشق", "في حمص", "في اللاذقية", "في إدلب", "في دير الزور", "في درعا",
    "في الرقة", "في طرطوس", "في حماة", "في ريف المدينة", "في الأحياء الشرقية",
]  # fmt: skip
TAILS = [
    "وسط ترحيب من السكان", "بعد أشهر من الانتظار", "بحضور ممثلين عن الأهالي",
    "رغم نقص التمويل", "في خطوة هي الأولى من نوعها", "على أن يبدأ التنفيذ الشهر المقبل",
    "وفق ما أفاد مسؤولون محليون", "بعد اجتماع استمر ساعات",
]  # fmt: skip
SECTIONS = ["سياسة", "اقتصاد", "محليات", "ثقافة", "رياضة", "صحة", "تعليم", "منوعات"]
AUTHORS = [
    f"{first} {last}"
    for first in ["سلمى", "رامي", "ليلى", "عمر", "هدى", "خالد", "نور", "يوسف"]
    for last in ["الحلبي", "الشامي", "المصري", "الحمصي", "الإدلبي", "الديري"]
]
TAGS = [f"{word} {place.removeprefix('في ')}" for word in ["كهرباء", "مياه", "مدارس", "طرق"]
        for place in PLACES] + SUBJECTS  # fmt: skip
SOURCES = ["وكالة الأنباء المحلية", "إذاعة المدينة", "موقع الحي اليوم", "صحيفة الصباح"]


# Stories differ in their details: without them every two generated articles would share
# half their word pairs, and the importer would take them for near-duplicates of each other.
WORDS = sorted({word for phrase in OBJECTS + TAILS + SUBJECTS for word in phrase.split()})
AMOUNTS = ["بكلفة {} مليون ليرة", "بمشاركة {} متطوعاً", "خلال {} يوماً", "لصالح {} أسرة"]


def sentence(rng: random.Random) -> str:
    details = " ".join(rng.sample(WORDS, 4))
    amount = rng.choice(AMOUNTS).format(rng.randint(2, 999))
    return (
        f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(PLACES)} {amount} {rng.choice(TAILS)} {details}."
    )


def text_body(rng: random.Random) -> str:
    """Plain text the way old Blogger sites type it: blank lines, "_" bullets, a source."""
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(6)]
    if rng.random() < 0.3:
        paragraphs.insert(2, "\n".join(f"_{sentence(rng)}" for _ in range(3)))
    if rng.random() < 0.3:
        paragraphs.append(f"نقلاً عن {rng.choice(SOURCES)}.")
    return "\n\n".join(paragraphs)


def html_body(rng: random.Random) -> str:
    """HTML as a WordPress export has it: paragraphs, a subheading, a list, a link."""
    parts = [f"<p>{sentence(rng)} {sentence(rng)}</p>" for _ in range(4)]
    parts.insert(2, f"<h2>{rng.choice(OBJECTS)}</h2>")
    items = "".join(f"<li>{rng.choice(OBJECTS)}</li>" for _ in range(3))
    parts.append(f"<ul>{items}</ul>")
    parts.append(
        f'<p>{sentence(rng)} <a href="https://example.org/{rng.randint(1, 999)}">المزيد</a></p>'
    )
    return "".join(parts)


def article(number: int, rng: random.Random, start: datetime) -> dict:
    published = start + timedelta(minutes=7 * number)
    data = {
        "guid": f"bench-{number}",
        "title": f"{sentence(rng)[:-1]} ({number})",
        "body": html_body(rng) if rng.random() < 0.3 else text_body(rng),
        "section": rng.choice(SECTIONS),
        "published": published.isoformat(),
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "author": rng.choice(AUTHORS),
        "dek": sentence(rng),
    }
    if rng.random() < 0.2:
        data["source"] = {"name": rng.choice(SOURCES), "url": f"https://example.org/s/{number}"}
    return data


def articles(count: int) -> Iterator[dict]:
    """The bench's articles, the same for every format."""
    rng = random.Random(20260112)  # noqa: S311 - reproducible sample text, not a secret
    start = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
    for number in range(count):
        yield article(number, rng, start)


def write_jsonl(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for data in articles(count):
            out.write(json.dumps(data, ensure_ascii=False) + "\n")


WXR_HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>مدينة اليوم</title>
<link>https://madina.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://madina.example.org</wp:base_site_url>
"""


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wxr_item(data: dict, logins: dict[str, str]) -> str:
    """One post as WordPress exports it: the body as stored (blank lines between paragraphs),
    the section as its category, the dek as its excerpt, the author by login."""
    published = datetime.fromisoformat(data["published"]).strftime("%Y-%m-%d %H:%M:%S")
    number = data["guid"].removeprefix("bench-")
    terms = [("category", data["section"]), *(("post_tag", tag) for tag in data["tags"])]
    categories = "".join(
        f'<category domain="{domain}" nicename="{quote(name)}">{cdata(name)}</category>'
        for domain, name in terms
    )
    return (
        f"<item><title>{cdata(data['title'])}</title>"
        f"<link>https://madina.example.org/?p={number}</link>"
        f"<dc:creator>{cdata(logins[data['author']])}</dc:creator>"
        f'<guid isPermaLink="false">https://madina.example.org/?p={number}</guid>'
        f"<content:encoded>{cdata(data['body'])}</content:encoded>"
        f"<excerpt:encoded>{cdata(data['dek'])}</excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        f"<wp:post_date>{cdata(published)}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata(published)}</wp:post_date_gmt>"
        f"<wp:status>{cdata('publish')}</wp:status>"
        f"<wp:post_type>{cdata('post')}</wp:post_type>{categories}</item>\n"
    )


def write_wxr(path: Path, count: int) -> None:
    logins = {name: f"author{number}" for number, name in enumerate(AUTHORS, 1)}
    with path.open("w", encoding="utf-8") as out:
        out.write(WXR_HEADER)
        for name, login in logins.items():
            out.write(
                f"<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n"
            )
        for data in articles(count):
            out.write(wxr_item(data, logins))
        out.write("</channel>\n</rss>\n")


# Reading a process's proportional set size makes the kernel walk its page tables: about
# 9 ms for the importer and its reading process at 20,000 articles. Ten samples a second
# took a tenth of a core from the import being measured (docs/importing.md, "Eleventh pass").
SAMPLE_SECONDS = 0.5


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run `akhbar ARGS`; return wall seconds, its peak memory in MB and its output.

    The peak is the larger of the command's own (rusage, from os.wait4) and the memory of
    the command and its reading process together, sampled every SAMPLE_SECONDS: rusage gives
    the larger of the two processes, not what they hold together.
    """
    started = time.monotonic()
    peak_kb = 0
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            [AKHBAR, *args], env=env, stdout=output, stderr=subprocess.STDOUT
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_kb = max(peak_kb, tree_memory_kb(process.pid))
            time.sleep(SAMPLE_SECONDS)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        output.seek(0)
        text = output.read()
    if process.returncode != 0:
        raise SystemExit(f"akhbar {' '.join(args)} failed:\n{text}")
    return seconds, max(peak_kb, usage.ru_maxrss) / 1024, text


def tree_memory_kb(pid: int) -> int:
    """The memory of a process and its descendants in kB, from /proc (Linux; 0 elsewhere):
    their proportional set sizes, so the pages a forked reader still shares with the command
    count once."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue  # ended meanwhile, or no /proc
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
        pending.extend(int(child) for child in children.split())
    return total


def outcome(output: str) -> str:
    """The command's outcome table on one line: "created 5,000, updated 0, ..."."""
    rows = [line.strip("│ ").split("│") for line in output.splitlines() if line.count("│") == 3]
    return ", ".join(" ".join(cell.strip() for cell in row) for row in rows) or output.strip()


FORMATS = {"jsonl": ("articles.jsonl", write_jsonl), "wordpress": ("articles.xml", write_wxr)}
# 100,000 articles in 2 minutes, whatever the size of this run; memory as measured.
TARGET_RATE = 100_000 / 120
TARGET_MB = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    count = options.articles

    folder = Path(tempfile.mkdtemp(prefix="akhbar-bench-import-"))
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_LOG_LEVEL": "WARNING",
        "DEBUG": "0",
    }
    base_env.pop("DATABASE_URL", None)
    empty = folder / "empty"
    run(["migrate", "--noinput", "-v0"], {**base_env, "AKHBAR_DATA_DIR": str(empty)})

    results = []
    for format_name in options.formats:
        name, write = FORMATS[format_name]
        source = folder / name
        started = time.monotonic()
        write(source, count)
        size = source.stat().st_size / 1e6
        seconds = time.monotonic() - started
        print(f"{format_name}: {count:,} articles, {size:,.0f} MB, written in {seconds:.1f} s")
        data = folder / format_name
        shutil.copytree(empty, data)
        env = {**base_env, "AKHBAR_DATA_DIR": str(data)}
        for label in ("new", "again (unchanged)"):
            seconds, peak, output = run(["import", format_name, str(source)], env)
            results.append((format_name, label, seconds, peak))
            print(f"  {label}: {outcome(output)}")
        seconds, peak, output = run(["export", "jsonl", str(folder / "export.jsonl")], env)
        results.append((format_name, "export", seconds, peak))
        database = (data / "akhbar.sqlite3").stat().st_size / 1e6
        print(f"  database: {database:,.0f} MB")

    print()
    print(f"{'format':<11}{'step':<19}{'seconds':>9}{'articles/s':>12}{'peak MB':>9}  target")
    for format_name, label, seconds, peak in results:
        verdict = ""
        if label == "new":
            met = count / seconds >= TARGET_RATE and peak <= TARGET_MB
            verdict = f"{'pass' if met else 'MISS'} ({TARGET_RATE:,.0f}/s, {TARGET_MB} MB)"
        print(
            f"{format_name:<11}{label:<19}{seconds:>9.1f}{count / seconds:>12,.0f}"
            f"{peak:>9.0f}  {verdict}"
        )
    if options.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
