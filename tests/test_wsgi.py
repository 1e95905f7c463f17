"""The app server's entry point."""

import os
import subprocess
import sys


def test_the_entry_point_freezes_what_loading_the_app_created(tmp_path):
    # In a process of its own: freezing the test runner's objects would outlive the test.
    code = "import gc, akhbar.wsgi; print(gc.get_freeze_count())"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    # Django, Wagtail and akhbar loaded: tens of thousands of objects the collector skips.
    assert int(result.stdout.strip().splitlines()[-1]) > 50_000
