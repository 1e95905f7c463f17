"""`make bench`: what serving a reader's page costs, from nginx's static file to an uncached render.

One run on loopback, on a SQLite site of 100,000 imported articles (built once with the generator
of bench/importers.py and `akhbar import jsonl`, then kept in data/bench/), each target under wrk:

    static file    nginx, a plain copy of the article's HTML at the article's own address (its
                   folder's index.html): the machine's limit (1.00x)
    published      nginx with deploy/nginx/akhbar.conf, the article as `akhbar publish` wrote it
    static, short URL  the same plain copy at /article.html: what the address itself costs
    floor          granian, a bare Django view answering the same bytes from memory (bench/floor.py)
    app cache      granian, the article from the app's full-page cache (warm)
    uncached ...   granian with the page cache off: article, home and section rendered each time

The loaded targets run side by side and are measured in turns, --rounds times each, and
each line gives the median of its rounds: on a shared 2-core machine a burst of other work
then lands on one round of every target instead of on one target's whole measurement. The
ratios the targets are checked on (published against the static file, app cache against
the floor) are medians of the ratios within each round, of two runs seconds apart.
The uncached lines take p50/p99 from requests sent one at a time, the three pages in turns
(the render's own latency, no queueing), and req/s from wrk. Then publish-to-live: with two
`akhbar db_worker` running (the publishing queue and its background queue), an edit published
through Wagtail (save_revision().publish()) in another process, timed until nginx serves the
new title on the article's page, then on the home page.
Results go to docs/benchmarks.md.

    .venv/bin/python -m bench.serving [--articles N] [--duration SECONDS] [--rounds N]
        [--workers N]

(As a module: run as a file, this file would stand in for the standard library's `http`.)
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bench.importers import write_jsonl
from tests.servers import (
    AKHBAR,
    akhbar,
    app_env,
    free_port,
    running_nginx,
    stop,
    wait_for,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parent.parent
GRANIAN = str(Path(sys.executable).with_name("granian"))
BLOCKING_THREADS = 4  # as deploy/systemd/akhbar-web.service (docs/deploy.md)
WRK = "/usr/bin/wrk"
NGINX = "/usr/sbin/nginx"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# The targets: ratios are from the same run, latencies from the uncached renders.
PUBLISHED_VS_STATIC = 0.9
CACHED_VS_FLOOR = 0.7
ARTICLE_P50_MS = 15
HOME_P50_MS = 30
PUBLISHES = 5
CLEAR_QUEUE = "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()"


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


@dataclass(frozen=True)
class Pages:
    """The reader paths measured: the newest article, its section and the home page."""

    article_id: int
    article: str
    section: str
    home: str = "/"


def bench_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return app_env(data_dir, AKHBAR_LOG_LEVEL="WARNING", **extra)


def build_site(data_dir: Path, articles: int) -> None:
    """Migrate and import `articles` generated articles, once: later runs reuse the folder."""
    ready = data_dir / "ready"
    if ready.exists():
        print(f"site: {articles:,} articles in {data_dir} (reused)")
        return
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = bench_env(data_dir)
    started = time.monotonic()
    akhbar("migrate", "--noinput", "-v0", env=env)
    source = data_dir / "articles.jsonl"
    write_jsonl(source, articles)
    akhbar("import", "jsonl", str(source), env=env, timeout=3600)
    source.unlink()
    ready.write_text(f"{articles}\n")
    print(f"site: {articles:,} articles built in {time.monotonic() - started:.0f} s, {data_dir}")


def find_pages(env: dict[str, str]) -> Pages:
    script = (
        "from akhbar.news.models import ArticlePage\n"
        "page = ArticlePage.objects.live().order_by('-first_published_at').first()\n"
        "print(page.pk, page.get_url(), page.get_parent().get_url(), sep='\\n')\n"
    )
    article_id, article, section = akhbar("shell", "-v0", "-c", script, env=env).split()
    return Pages(int(article_id), unquote(article), unquote(section))


@contextmanager
def granian(target: str, *, env: dict[str, str], workers: int, log: Path) -> Iterator[str]:
    """Serve the WSGI `target` under granian on a free loopback port, as production does."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(GRANIAN, "--interface", "wsgi", target, "--host", "127.0.0.1"),
                *("--port", str(port), "--workers", str(workers)),
                *("--blocking-threads", str(BLOCKING_THREADS)),
                *("--log-level", "warning"),
            ],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, process=process, log=log)
        wait_for(f"{url}/healthz", timeout=60)
        yield url
    finally:
        stop(process)


@contextmanager
def db_worker(env: dict[str, str], *, queue: str, log: Path) -> Iterator[None]:
    """`akhbar db_worker` on one publishing queue, as deploy/systemd/akhbar-worker@.service."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(AKHBAR, "db_worker", "--backend", "publishing", "--queue-name", queue),
                *("--interval", "0.1", "--no-startup-delay", "--no-reload"),
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        time.sleep(2)  # let it import Django and reach its polling loop
        if process.poll() is not None:
            raise RuntimeError(f"akhbar db_worker exited:\n{log.read_text()}")
        yield
    finally:
        stop(process)


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def load(name: str, url: str, *, duration: int, connections: int) -> Result:
    """Throughput and latency under load: wrk with two threads on `connections` connections."""
    output = subprocess.run(
        [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if len(percentiles) != 2:
        raise RuntimeError(f"wrk gave no latency distribution for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        name,
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        milliseconds(percentiles["50"]),
        milliseconds(percentiles["99"]),
        int(errors.group(1)) if errors else 0,
    )


def in_turns(
    targets: dict[str, str], *, rounds: int, duration: int, connections: int
) -> dict[str, list[Result]]:
    """Each target loaded `rounds` times, in turns: every round of each target."""
    runs: dict[str, list[Result]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, url in targets.items():
            runs[name].append(load(name, url, duration=duration, connections=connections))
    return runs


def median_result(name: str, runs: list[Result]) -> Result:
    return Result(
        name,
        statistics.median(run.requests_per_second for run in runs),
        statistics.median(run.p50_ms for run in runs),
        statistics.median(run.p99_ms for run in runs),
        sum(run.errors for run in runs),
    )


def paired_ratio(runs: dict[str, list[Result]], name: str, reference: str) -> float:
    """The median over rounds of `name`'s req/s over `reference`'s in the same round: the two
    ran seconds apart, so a change in the machine's speed between rounds cancels out."""
    return statistics.median(
        run.requests_per_second / base.requests_per_second
        for run, base in zip(runs[name], runs[reference], strict=True)
    )


def one_at_a_time(urls: dict[str, str], *, count: int) -> dict[str, tuple[float, float]]:
    """p50 and p99 in ms of `count` requests to each URL, sent one after the other on one
    connection per URL, the URLs in turns: a slow spell of the machine then lands on every
    page rather than on one page's whole measurement."""
    timings: dict[str, list[float]] = {name: [] for name in urls}
    addresses = {name: urlsplit(url) for name, url in urls.items()}
    connections = {
        name: http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        for name, address in addresses.items()
    }
    for _ in range(count):
        for name, url in urls.items():
            started = time.perf_counter()
            connections[name].request("GET", addresses[name].path or "/")
            response = connections[name].getresponse()
            response.read()
            timings[name].append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
    for connection in connections.values():
        connection.close()
    cuts = {name: statistics.quantiles(values, n=100) for name, values in timings.items()}
    return {name: (cut[49], cut[98]) for name, cut in cuts.items()}


def uncached(urls: dict[str, str], *, duration: int, count: int) -> list[Result]:
    """Each URL's latency one request at a time (see `one_at_a_time`), then its req/s."""
    latencies = one_at_a_time(urls, count=count)
    results = []
    for name, url in urls.items():
        throughput = load(name, url, duration=duration, connections=8)
        p50, p99 = latencies[name]
        results.append(Result(name, throughput.requests_per_second, p50, p99, throughput.errors))
    return results


EDITOR = """
import sys, time
from akhbar.news.models import ArticlePage
for line in sys.stdin:
    page = ArticlePage.objects.get(pk=int(line.split()[0]))
    page.title = line.split(maxsplit=1)[1].strip()
    revision = page.save_revision()
    print(time.time(), flush=True)
    revision.publish()
"""


@contextmanager
def editor(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """One long-running process publishing the edits it reads, as the app server does for
    the newsroom: warm, unlike a process started for each edit."""
    process = subprocess.Popen(
        [AKHBAR, "shell", "-v0", "-c", EDITOR],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        process.stdin.close()
        if process.wait(timeout=60) != 0:
            raise RuntimeError("the publishing process failed")


def publish_to_live(
    publisher: subprocess.Popen, *, pages: Pages, nginx_url: str
) -> tuple[float, float]:
    """Milliseconds from Wagtail's publish() of an edit until nginx serves its new title on
    the article's page, and until it does on the home page (a list, rendered after it)."""
    title = f"عنوان جديد للقياس {time.time_ns()}"
    publisher.stdin.write(f"{pages.article_id} {title}\n")
    publisher.stdin.flush()
    started = float(publisher.stdout.readline())
    article = _shown(nginx_url + quote(pages.article), title)
    home = _shown(nginx_url + quote(pages.home), title)
    return (article - started) * 1000, (home - started) * 1000


def _shown(url: str, text: str) -> float:
    """The time at which `url` first answered with `text` in it (polled every 5 ms)."""
    deadline = time.time() + 30
    while time.time() < deadline:
        with urllib.request.urlopen(url, timeout=5) as response:
            if text in response.read().decode():
                return time.time()
        time.sleep(0.005)
    raise RuntimeError(f"the edit did not reach {url} through nginx in 30 s")


def plain_server(port: int, root: Path) -> str:
    """An nginx site with nothing but a root: the reference every ratio is taken against."""
    return f'server {{\n    listen 127.0.0.1:{port};\n    root "{root}";\n}}\n'


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    nginx = subprocess.run([NGINX, "-v"], capture_output=True, text=True, check=True).stderr
    granian_version = subprocess.run(
        [GRANIAN, "--version"], capture_output=True, text=True, check=True
    ).stdout
    return [
        f"CPU: {model.group(1) if model else platform.processor()}, {os.cpu_count()} cores; "
        f"RAM: {memory_kb / 1024 / 1024:.0f} GB; {platform.system()} {platform.release()}",
        f"{nginx.strip()}; {granian_version.strip()}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}",
    ]


def report(
    results: list[Result],
    vs_static: dict[str, float],
    cached: float,
    publish_ms: list[float],
    home_ms: list[float],
) -> None:
    """One line per target, its ratio to the static file from `vs_static` when it was paired
    with it round by round, else from the medians; then the targets' verdicts."""
    by_name = {result.name: result for result in results}
    static = by_name["static file"]
    print(f"\n{'target':<19}{'req/s':>10}{'p50':>11}{'p99':>11}{'vs static':>11}")
    for result in results:
        errors = f"  ({result.errors} non-2xx!)" if result.errors else ""
        ratio = vs_static.get(result.name, result.requests_per_second / static.requests_per_second)
        print(
            f"{result.name:<19}{result.requests_per_second:>10,.0f}{result.p50_ms:>8.2f} ms"
            f"{result.p99_ms:>8.2f} ms{ratio:>10.2f}x{errors}"
        )
    for label, times in (("publish-to-live", publish_ms), ("home page shows it", home_ms)):
        each = ", ".join(f"{ms:,.0f}" for ms in times)
        print(f"{label}: median {statistics.median(times):,.0f} ms ({each} ms)")
    published = vs_static["published"]
    checks = [
        (
            f"published {published:.2f}x static >= {PUBLISHED_VS_STATIC}x",
            published >= PUBLISHED_VS_STATIC,
        ),
        (f"app cache {cached:.2f}x floor >= {CACHED_VS_FLOOR}x", cached >= CACHED_VS_FLOOR),
        (
            f"uncached article p50 {by_name['uncached article'].p50_ms:.1f} ms < {ARTICLE_P50_MS}",
            by_name["uncached article"].p50_ms < ARTICLE_P50_MS,
        ),
        (
            f"uncached home p50 {by_name['uncached home'].p50_ms:.1f} ms < {HOME_P50_MS}",
            by_name["uncached home"].p50_ms < HOME_P50_MS,
        ),
    ]
    print()
    for text, passed in checks:
        print(f"{'PASS' if passed else 'MISS'}  {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=5, help="wrk runs per loaded target")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="granian")
    parser.add_argument("--requests", type=int, default=200, help="one-at-a-time renders")
    options = parser.parse_args()
    for tool in (WRK, NGINX):
        if not Path(tool).exists():
            raise SystemExit(f"{tool} is missing: run `make system-deps` (Debian packages).")

    data_dir = ROOT / "data" / "bench" / f"serving-{options.articles}"
    build_site(data_dir, options.articles)
    work = Path(tempfile.mkdtemp(prefix="akhbar-bench-serving-"))
    publish_root = work / "publish"
    env = bench_env(data_dir, AKHBAR_PUBLISH_ROOT=str(publish_root))
    uncached_env = {**env, "AKHBAR_PUBLISH_CACHE_SECONDS": "0"}
    os.environ.update(env)
    import django

    django.setup()
    from deploy.nginx.render import render, site_from_settings

    pages = find_pages(env)
    akhbar("publish", pages.home, pages.section, pages.article, env=env)
    article_file = publish_root / pages.article.lstrip("/") / "index.html"
    # The reference is the same file at the same address: nginx decoding the article's long
    # percent-encoded Arabic path costs it as much as the rest of the request (callgrind), and
    # every server pays that. A short ASCII address is measured too, for comparison.
    static_root = work / "static"
    (static_root / pages.article.strip("/")).mkdir(parents=True)
    shutil.copyfile(article_file, static_root / pages.article.lstrip("/") / "index.html")
    shutil.copyfile(article_file, static_root / "article.html")
    print(f"article: {pages.article} ({article_file.stat().st_size:,} bytes)")
    print(*machine(), sep="\n")
    print(
        f"wrk -t2 -c{options.connections} -d{options.duration}s, median of {options.rounds} "
        f"rounds in turns; granian workers: {options.workers}, "
        f"{BLOCKING_THREADS} threads each; "
        f"uncached p50/p99 over {options.requests} sequential requests"
    )

    serve = {"workers": options.workers}
    floor_env = {**env, "AKHBAR_BENCH_FLOOR_FILE": str(article_file)}
    with (
        granian("akhbar.wsgi:application", env=env, log=work / "app.log", **serve) as app,
        granian("bench.floor:application", env=floor_env, log=work / "floor.log", **serve) as floor,
    ):
        plain_port, site_port = free_port(), free_port()
        site = site_from_settings(
            listen=f"127.0.0.1:{site_port}",
            app_upstream=urlsplit(app).netloc,
            publish_root=publish_root,
        )
        conf = render(site) + plain_server(plain_port, static_root)
        with running_nginx(conf, port=site_port, folder=work / "nginx", workers=2) as nginx:
            for _ in range(50):  # each granian worker keeps its own copy in memory: warm them
                urllib.request.urlopen(app + quote(pages.article), timeout=30).read()
            plain = f"http://127.0.0.1:{plain_port}"
            runs = in_turns(
                {
                    "static file": plain + quote(pages.article),
                    "published": nginx + quote(pages.article),
                    "static, short URL": plain + "/article.html",
                    "app cache": app + quote(pages.article),
                    "floor": floor + "/",
                },
                rounds=options.rounds,
                duration=options.duration,
                connections=options.connections,
            )
    results = [median_result(name, each) for name, each in runs.items()]
    vs_static = {name: paired_ratio(runs, name, "static file") for name in runs}
    cached = paired_ratio(runs, "app cache", "floor")

    with granian("akhbar.wsgi:application", env=uncached_env, log=work / "app.log", **serve) as app:
        pages_to_render = {
            "uncached article": pages.article,
            "uncached home": pages.home,
            "uncached section": pages.section,
        }
        results += uncached(
            {name: app + quote(path) for name, path in pages_to_render.items()},
            duration=options.duration,
            count=options.requests,
        )

    # Tasks queued by an earlier run that stopped half way would be worked before the edits.
    akhbar("shell", "-v0", "-c", CLEAR_QUEUE, env=env)
    nginx_port = free_port()
    site = site_from_settings(
        listen=f"127.0.0.1:{nginx_port}", app_upstream="127.0.0.1:9", publish_root=publish_root
    )
    with (
        db_worker(env, queue="publishing", log=work / "worker.log"),
        db_worker(env, queue="publishing-background", log=work / "background.log"),
        running_nginx(render(site), port=nginx_port, folder=work / "nginx-live") as nginx,
        editor(env) as publisher,
    ):
        # The first edit warms the editor and the worker (templates, caches), and is not
        # counted; the next ones are published a second apart, as a busy newsroom might.
        publish_to_live(publisher, pages=pages, nginx_url=nginx)
        live = []
        for _ in range(PUBLISHES):
            time.sleep(1)
            live.append(publish_to_live(publisher, pages=pages, nginx_url=nginx))
    report(results, vs_static, cached, [ms for ms, _ in live], [ms for _, ms in live])
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
