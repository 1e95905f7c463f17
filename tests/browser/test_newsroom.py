"""The newsroom in Chromium against a real server: a writer writes and submits an article
with a read-also card, an editor approves it, and readers find it on the home page and in
its section. The scheduler runs beside the server as `make run` starts it."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import AKHBAR, akhbar, app_env, running_app

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.xdist_group("newsroom")]

PASSWORD = "newsroom-browser-pass"  # noqa: S105
TITLE = "متطوعون يزرعون مئتي شجرة زيتون في الحي الشرقي"
SETUP = f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from akhbar.core.models import HomePage
from akhbar.news.models import ArticlePage, SectionPage

for username, role in [("writer", "كاتب"), ("editor", "محرر"), ("chief", "رئيس التحرير")]:
    user = get_user_model().objects.create_user(username, password="{PASSWORD}")
    user.groups.add(Group.objects.get(name=role))
home = HomePage.objects.get()
section = home.add_child(instance=SectionPage(title="محليات", slug="local", show_in_menus=True))
section.save_revision().publish()
target = section.add_child(instance=ArticlePage(title="افتتاح مكتبة الحي", slug="library"))
target.save_revision().publish()
later = section.add_child(instance=ArticlePage(title="خبر مجدول بعد ثوانٍ", slug="later"))
later.go_live_at = timezone.now() + timedelta(seconds=3)
later.save_revision().publish()
print(section.pk)
"""


@pytest.fixture(scope="module")
def newsroom_site(tmp_path_factory):
    """A migrated site with the three roles, a section and an article, served on a free
    port, with `akhbar scheduler` running beside it as `make run` does."""
    env = app_env(tmp_path_factory.mktemp("newsroom-site"))
    akhbar("migrate", "--noinput", env=env)
    section_id = int(akhbar("shell", "-c", SETUP, env=env).strip().splitlines()[-1])
    log = open(Path(env["AKHBAR_DATA_DIR"]) / "scheduler.log", "w")  # noqa: SIM115
    scheduler = subprocess.Popen(
        [AKHBAR, "scheduler", "--interval", "1"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        with running_app(env) as base_url:
            yield {"url": base_url, "section_id": section_id, "scheduler": scheduler}
    finally:
        scheduler.send_signal(signal.SIGTERM)
        scheduler.wait(timeout=20)
        log.close()


# Wagtail notices edits (and autosaves) by comparing the form with a snapshot it takes two
# seconds after the editor loads; the test waits for that snapshot before typing.
WATCH_EDITS = """
document.addEventListener("w-unsaved:watch-edits", () => { window.watchingEdits = true; });
"""


def log_in(browser, base_url: str, username: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    context.add_init_script(WATCH_EDITS)
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def test_writer_submits_editor_approves_readers_see_it(browser, newsroom_site, screenshots):
    base_url = newsroom_site["url"]
    writer = log_in(browser, base_url, "writer")
    writer.goto(f"{base_url}/admin/pages/add/news/articlepage/{newsroom_site['section_id']}/")
    assert writer.locator("html").get_attribute("dir") == "rtl", "Arabic for an English browser"
    writer.wait_for_function("window.watchingEdits === true")
    writer.fill("#id_title", TITLE)
    writer.fill("#id_dek", "حملة أهلية على أطراف الحي تستمر حتى نهاية الأسبوع.")
    writer.fill("#id_dateline", "حمص")
    writer.click("button.c-sf-add-button")
    writer.get_by_role("option", name="فقرة").click()
    writer.locator(".public-DraftEditor-content").first.click()
    writer.keyboard.type("زرع متطوعون من أبناء الحي صباح اليوم مئتي شجرة زيتون على طريق المدرسة.")
    # Wagtail autosaves the new article and turns this screen into its edit view; submitting
    # before that would race the autosave that creates the page.
    writer.wait_for_url("**/admin/pages/*/edit/", timeout=30_000)
    writer.locator("button.c-sf-add-button").last.click()
    writer.get_by_role("option", name="إقرأ أيضاً").click()
    writer.locator("[data-contentpath=article] button[data-chooser-action-choose]").first.click()
    with writer.expect_response(
        lambda response: response.request.method == "POST" and "/edit/" in response.url
    ):
        writer.locator(".modal-content a", has_text="افتتاح مكتبة الحي").click()
    writer.wait_for_load_state("networkidle")
    writer.locator("#id_title").scroll_into_view_if_needed()
    writer.screenshot(path=screenshots / "newsroom-editor-top.png")
    writer.locator(
        "[data-chooser-title]", has_text="افتتاح مكتبة الحي"
    ).scroll_into_view_if_needed()
    writer.screenshot(path=screenshots / "newsroom-editor-body.png")

    writer.locator("footer [data-w-dropdown-target=toggle]").first.click()
    writer.locator("button[name=action-submit]").click()
    writer.wait_for_url(f"{base_url}/admin/pages/{newsroom_site['section_id']}/")
    assert reader_status(f"{base_url}/local/") == 200
    assert TITLE not in read(f"{base_url}/"), "a submitted draft is not public"
    writer.context.close()

    editor = log_in(browser, base_url, "editor")
    # Wagtail's «بانتظار مراجعتك» panel: the row's actions menu, then «موافقة».
    awaiting = editor.locator("tr", has_text=TITLE)
    awaiting.locator("[data-w-dropdown-target=toggle]").click()
    awaiting.locator(
        "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    ).click()
    editor.wait_for_load_state("networkidle")
    editor.screenshot(path=screenshots / "newsroom-after-approval.png")
    editor.context.close()

    home = read(f"{base_url}/")
    assert TITLE in home
    assert TITLE in read(f"{base_url}/local/")
    reader = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    reader.goto(f"{base_url}/local/")
    reader.locator("main a", has_text=TITLE).first.click()
    reader.wait_for_load_state()
    assert reader.locator("h1").inner_text() == TITLE
    assert reader.locator(".read-also", has_text="افتتاح مكتبة الحي").count() == 1
    reader.context.close()


def test_scheduler_process_publishes_on_time(newsroom_site):
    url = f"{newsroom_site['url']}/local/later/"
    deadline = time.monotonic() + 30
    while reader_status(url) != 200:
        assert newsroom_site["scheduler"].poll() is None, "the scheduler process died"
        assert time.monotonic() < deadline, "the scheduled article never went live"
        time.sleep(0.5)


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def reader_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
