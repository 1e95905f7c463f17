"""The demo site as a reader sees it in Chromium, on a phone and on a desktop."""

from datetime import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from akhbar.arabic import relative_time

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.xdist_group("demo_site")]

VIEWPORTS = {"phone": (360, 780), "desktop": (1366, 900)}


def open_page(browser, url: str, *, width: int, height: int, javascript: bool = True):
    """Open `url`, recording any request that leaves the machine and any console error."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    page = context.new_page()
    outside, errors = [], []
    page.on(
        "request",
        lambda request: (
            urlparse(request.url).hostname not in {"127.0.0.1", None}
            and outside.append(request.url)
        ),
    )
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url, wait_until="networkidle")
    return page, outside, errors


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_has_ticker_lead_and_sections(browser, demo_site, screenshots, viewport):
    width, height = VIEWPORTS[viewport]
    page, outside, errors = open_page(browser, demo_site + "/", width=width, height=height)
    assert page.locator("html").get_attribute("dir") == "rtl"
    ticker = page.locator(".ticker")
    assert ticker.is_visible()
    assert ticker.locator("a").count() >= 1
    assert page.locator("main h2, main h3").count() >= 6
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, "the page must not scroll sideways"
    page.screenshot(path=screenshots / f"home-{viewport}.png", full_page=True)
    assert outside == []
    assert errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_article_reads_with_attribution_read_also_and_related(
    browser, demo_site, screenshots, viewport
):
    width, height = VIEWPORTS[viewport]
    page, _, _ = open_page(browser, demo_site + "/", width=width, height=height)
    # Follow the first article that carries a read-also card: the demo guarantees some do.
    links = page.locator("main a[href*='/'][href$='/']").evaluate_all(
        "links => links.map(a => a.href)"
    )
    article = None
    for href in links:
        candidate, outside, errors = open_page(browser, href, width=width, height=height)
        if candidate.locator(".read-also").count() and candidate.locator(".source").count():
            article = candidate
            break
        candidate.context.close()
    assert article is not None, "no article with a read-also card and a source on the home page"
    assert article.locator("h1").count() == 1
    assert article.locator(".related a").count() >= 1
    page_width = article.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width
    article.screenshot(path=screenshots / f"article-{viewport}.png", full_page=True)
    assert outside == []
    assert errors == []


def test_site_works_with_javascript_off(browser, demo_site):
    page, outside, _ = open_page(browser, demo_site + "/", width=1366, height=900, javascript=False)
    assert page.locator(".ticker a").first.is_visible()
    first_story = page.locator("main article a").first
    first_story.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert outside == []


def test_times_say_how_long_ago_by_the_readers_clock(browser, demo_site):
    """Pages carry the moment; site.js writes the phrase Python's relative_time would."""
    page, _, _ = open_page(browser, demo_site + "/", width=1366, height=900, javascript=False)
    moments = page.locator("time[data-since]").all_text_contents()
    assert moments and not any("منذ" in text for text in moments)

    before = timezone.now()
    page, _, errors = open_page(browser, demo_site + "/", width=1366, height=900)
    shown = page.locator("time[data-since]").evaluate_all(
        "times => times.map(t => [t.getAttribute('datetime'), t.textContent])"
    )
    after = timezone.now()
    digits = page.locator("html").get_attribute("data-digits")
    assert errors == []
    assert sum("منذ" in text for _, text in shown) >= 3, shown
    for moment, text in shown:
        when = datetime.fromisoformat(moment)
        expected = {relative_time(when, now=now, digits=digits) for now in (before, after)}
        assert text in expected or (expected == {None} and "منذ" not in text), (moment, text)
