"""The app server as deployed keeps its PostgreSQL connections bounded under a burst.

Each request granian runs holds its thread's database connection, kept for
AKHBAR_DB_CONN_MAX_AGE.  granian's default for a WSGI app is up to 256 threads a worker: a
burst of readers on the app's own paths (search, the API) then opened connections until
PostgreSQL refused them ("too many clients", 500s, and the next requests failing while the
idle threads kept theirs).  The unit bounds the threads; this runs it as written.
"""

import shlex
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.servers import app_env, free_port, production_stack, wait_for, wait_for_port

UNIT = Path(__file__).resolve().parents[1] / "deploy" / "systemd" / "akhbar-web.service"
GRANIAN = str(Path(sys.executable).with_name("granian"))
CLIENTS = 48
SECONDS = 4


def unit_arguments() -> list[str]:
    """granian's arguments in the unit's ExecStart (continuation lines joined)."""
    text = UNIT.read_text().replace("\\\n", " ")
    command = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    return shlex.split(command.removeprefix("ExecStart="))[1:]


def option(arguments: list[str], name: str) -> int:
    return int(arguments[arguments.index(name) + 1])


def database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{quote(settings['USER'])}:{quote(settings['PASSWORD'] or '')}"
        f"@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


def app_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def burst(url: str, statuses: list[int]) -> None:
    deadline = time.monotonic() + SECONDS
    number = 0
    while time.monotonic() < deadline:
        number += 1
        try:
            with urllib.request.urlopen(f"{url}{number}", timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)


@production_stack
# The root page comes from a migration: restored if another such test flushed it before.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_readers_never_exhausts_the_database_connections(home, tmp_path):
    arguments = unit_arguments()
    bound = option(arguments, "--workers") * option(arguments, "--blocking-threads")
    port = free_port()
    arguments[arguments.index("--port") + 1] = str(port)
    env = app_env(tmp_path, DATABASE_URL=database_url())
    log = tmp_path / "granian.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [GRANIAN, *arguments], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port(port, process=server, log=log)
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        statuses: list[int] = []
        search = f"{base}/search/?q={quote('حلب')}"  # a new query each time: never cached
        clients = [threading.Thread(target=burst, args=(search, statuses)) for _ in range(CLIENTS)]
        for client in clients:
            client.start()
        most = 0
        while any(client.is_alive() for client in clients):
            most = max(most, app_connections())
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert statuses and set(statuses) == {200}, log.read_text()[-3000:]
    assert 0 < most <= bound
