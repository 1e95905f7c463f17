"""A real `akhbar db_worker` publishes an edit into the folder: the production path."""

import subprocess
import time

import pytest

from tests.servers import AKHBAR, akhbar, app_env

PUBLISH = """
from django.db import transaction
from django.utils import timezone
from akhbar.news.models import ArticlePage, SectionPage
from akhbar.publishing.invalidation import page_path
section = SectionPage.objects.live().first()
article = ArticlePage(title="نبأ من العامل الخلفي", slug="worker-news", dek="موجز.")
with transaction.atomic():
    section.add_child(instance=article)
    article.save_revision().publish()
print("published", timezone.now().timestamp(), page_path(article))
"""


@pytest.mark.servers
def test_a_publish_is_live_in_the_folder_through_the_worker(tmp_path):
    root = tmp_path / "site"
    setup = app_env(tmp_path / "data")
    akhbar("migrate", "--noinput", env=setup)
    akhbar("demo", "--articles", "5", env=setup)
    env = {**setup, "AKHBAR_PUBLISH_ROOT": str(root)}
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            AKHBAR,
            "db_worker",
            "--backend",
            "publishing",
            "--queue-name",
            "publishing",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        output = akhbar("shell", "-c", PUBLISH, env=env)
        _, committed, url = next(
            line for line in output.splitlines() if line.startswith("published ")
        ).split()
        target = root / url.strip("/") / "index.html"
        deadline = time.monotonic() + 60
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert target.exists(), (tmp_path / "worker.log").read_text()
        assert "نبأ من العامل الخلفي" in target.read_text()
        latency = target.stat().st_mtime - float(committed)
        print(f"publish-to-live through akhbar db_worker: {latency:.3f} s")  # noqa: T201
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        log.close()
