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

import pytest

AKHBAR = str(Path(sys.executable).with_name("akhbar"))
# Tests of the production stack: scripts/with-services exports REDIS_URL and DATABASE_URL.
production_stack = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="runs under scripts/with-services"
)


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
    """Serve the app with dev settings on a free port; stop it afterwards. runserver, not
    granian as `make run`: one process, so a test's edits reach the one local-memory cache."""
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


NGINX = "/usr/sbin/nginx"


def wait_for_port(port: int, *, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Wait until `process` accepts connections on `port`; fail with its log if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited:\n{log.read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_nginx(site_conf: str, *, port: int, folder: Path, workers: int = 1) -> Iterator[str]:
    """Run Debian's nginx with `site_conf` (deploy/nginx/render.py) in its `http` block.

    Everything nginx writes (pid, logs, temp files) stays in `folder`; no root needed, but as
    root the workers stay root so that they can read the test's private temporary folders.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(site_conf, encoding="utf-8")
    brotli = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"""{"load_module " + brotli + ";" if Path(brotli).exists() else ""}
{"user root root;" if os.geteuid() == 0 else ""}
worker_processes {workers};
daemon off;
pid {folder / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
{temp_paths}
    include {folder / "site.conf"};
}}
""",
        encoding="utf-8",
    )
    log_path = folder / "nginx.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process=process, log=log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
