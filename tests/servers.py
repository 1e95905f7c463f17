"""Start real servers for tests: the akhbar app on a free loopback port, with its own data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AKHBAR = str(Path(sys.executable).with_name("akhbar"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, *, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200, or fail with what the server said last."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = exc
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not come up in {timeout}s: {last_error}")


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_DATA_DIR": str(data_dir),
        "DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def akhbar(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    """Run the `akhbar` console command as a user would, returning its output."""
    result = subprocess.run(
        [AKHBAR, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"akhbar {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextmanager
def running_app(env: dict[str, str]) -> Iterator[str]:
    """Serve the app the way `make run` does, on a free port; stop it afterwards."""
    port = free_port()
    log = open(Path(env["AKHBAR_DATA_DIR"]) / "server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [AKHBAR, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base_url}/healthz")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
