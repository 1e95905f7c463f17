"""The settings modules load from the environment and production refuses to start half-set."""

import subprocess
import sys

import pytest

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def load(module: str, **env: str) -> subprocess.CompletedProcess:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": module}
    return subprocess.run(
        [sys.executable, "-c", CHECK], env={**base, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "news.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "news.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_and_hosts(env, message):
    result = load("akhbar.settings.production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_when_configured(tmp_path):
    result = load(
        "akhbar.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="news.example",
        AKHBAR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_bad_boolean_is_a_clear_error():
    result = load("akhbar.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_database_url_selects_the_database(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
            "DATABASE_URL": "postgres://akhbar:secret@127.0.0.1:5432/akhbar",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
