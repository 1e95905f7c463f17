"""`make bench-import`: import 100,000 generated Arabic articles from JSON Lines.

Generates the file in a temporary folder, migrates a fresh SQLite database in a temporary
AKHBAR_DATA_DIR, runs the real `akhbar import jsonl` command as a child process and reports
articles per second and the child's peak memory (its own rusage, from os.wait4).  Then runs
the same import again (every record unchanged) and an export of the result.

Targets (docs/importing.md): under 2 minutes and under 500 MB for 100,000 articles.

    .venv/bin/python bench/importers.py [--articles N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(PLACES)} {rng.choice(TAILS)}."
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


def write_articles(path: Path, count: int) -> None:
    rng = random.Random(20260112)  # noqa: S311 - reproducible sample text, not a secret
    start = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps(article(number, rng, start), ensure_ascii=False) + "\n")


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run `akhbar ARGS`; return wall seconds, the child's peak RSS in MB and its output."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            [AKHBAR, *args], env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        output.seek(0)
        text = output.read()
    if process.returncode != 0:
        raise SystemExit(f"akhbar {' '.join(args)} failed:\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="akhbar-bench-import-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_DATA_DIR": str(folder / "data"),
        "AKHBAR_LOG_LEVEL": "WARNING",
        "DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    source = folder / "articles.jsonl"
    started = time.monotonic()
    write_articles(source, options.articles)
    size = source.stat().st_size / 1e6
    seconds = time.monotonic() - started
    print(f"generated {options.articles:,} articles ({size:,.0f} MB) in {seconds:.1f} s")
    run(["migrate", "--noinput", "-v0"], env)

    results = []
    for label, args in [
        ("import (new)", ["import", "jsonl", str(source)]),
        ("import again (unchanged)", ["import", "jsonl", str(source)]),
        ("export", ["export", "jsonl", str(folder / "export.jsonl")]),
    ]:
        seconds, peak, output = run(args, env)
        results.append((label, seconds, peak))
        print(output.strip().splitlines()[0] if label.startswith("import") else output.strip())
    print()
    print(f"{'step':<26}{'seconds':>9}{'articles/s':>12}{'peak MB':>9}")
    for label, seconds, peak in results:
        print(f"{label:<26}{seconds:>9.1f}{options.articles / seconds:>12,.0f}{peak:>9.0f}")
    database = folder / "data" / "akhbar.sqlite3"
    print(f"database: {database.stat().st_size / 1e6:,.0f} MB")
    if options.keep:
        print(f"kept {folder}")
    else:
        subprocess.run(["rm", "-rf", str(folder)], check=True)


if __name__ == "__main__":
    main()
