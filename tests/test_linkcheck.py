"""Crawl the running demo site with Debian's linkchecker: no broken internal link or asset."""

import subprocess

import pytest

pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("demo_site")]


def test_demo_site_has_no_broken_internal_links(demo_site, tmp_path):
    result = subprocess.run(
        [
            "linkchecker",
            "--no-status",
            "--no-warnings",
            "--threads=4",
            "--recursion-level=3",
            "--ignore-url=^https?://(?!127\\.0\\.0\\.1)",
            "--ignore-url=/admin/",
            "--ignore-url=/search/",
            f"{demo_site}/",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout[-6000:]
    assert "0 errors found" in result.stdout or "no errors" in result.stdout.lower(), result.stdout
