"""Shared fixtures: the shipped configuration and content, answers on a fixed "today", the
domain, writable copies of the files for the content check, booking databases (SQLite in a
temporary file, and PostgreSQL on loopback when it is running; each test gets a fresh schema),
cheap password hashing and a real SMTP server."""
from __future__ import annotations

import os
import shutil
import uuid

import pytest
import yaml
from aiosmtpd.controller import Controller

# Set before the project (and through it SQLAlchemy and Rasa) is imported, hence the E402 exemptions below.
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

from bot.appointments.database import DatabaseScheduler  # noqa: E402
from bot.appointments.sync import sync_from_config  # noqa: E402
from bot.config.content import load_content  # noqa: E402
from bot.config.gemeente import load_gemeente  # noqa: E402
from bot.core.settings import PROJECT_ROOT  # noqa: E402
from bot.db.engine import session_factory  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.faq.answers import Answers  # noqa: E402
from bot.staff import passwords  # noqa: E402
from tests.support.booking import NOW, POSTGRES_URL, postgres_available, postgres_schema_url  # noqa: E402
from tests.support.dates import TODAY  # noqa: E402
from tests.support.network import free_port  # noqa: E402
from tests.support.ratelimit import REDIS_URL  # noqa: E402
from tests.support.smtp import Collector, echoing_authenticator  # noqa: E402


@pytest.fixture(scope="session")
def config():
    return load_gemeente(PROJECT_ROOT / "gemeente.yml")


@pytest.fixture(scope="session")
def content():
    return load_content(PROJECT_ROOT / "content" / "antwoorden.yml")


@pytest.fixture
def answers(config, content):
    return Answers(content, config, on=TODAY)


@pytest.fixture
def gemeente_file(tmp_path):
    """A writable copy of the shipped gemeente.yml, and a way to edit it as data."""
    target = tmp_path / "gemeente.yml"
    shutil.copy(PROJECT_ROOT / "gemeente.yml", target)

    class Editable:
        path = target

        def load(self):
            return yaml.safe_load(target.read_text(encoding="utf-8"))

        def save(self, data):
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return Editable()


@pytest.fixture
def check_files(tmp_path):
    """Writable copies of gemeente.yml and content/antwoorden.yml and what the content check finds in them."""
    from tests.support.check_files import CheckFiles  # here: the check's imports cost every other test run
    return CheckFiles(tmp_path)


@pytest.fixture(scope="session")
def domain():
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


# Booking databases

@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not postgres_available():
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL} (start it, or set TEST_POSTGRES_URL)")
    url, cleanup = postgres_schema_url()
    try:
        yield url
    finally:
        from bot.db.engine import engine_for

        engine_for(url).dispose()
        cleanup()


@pytest.fixture
def sessions(database_url, config):
    upgrade(database_url)
    factory = session_factory(database_url)
    with factory.begin() as session:
        sync_from_config(session, config)
    return factory


@pytest.fixture
def clock():
    class Clock:
        now = NOW

        def __call__(self):
            return self.now

    return Clock()


@pytest.fixture
def scheduler(sessions, config, clock):
    return DatabaseScheduler(sessions, config=lambda: config, now=clock)


# Staff accounts, the SMTP server

@pytest.fixture
def cheap_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "SCRYPT_N", 2 ** 4)
    monkeypatch.setattr(passwords, "SCRYPT_P", 1)


@pytest.fixture
def smtp_server():
    """smtp_server(refuse=False, auth=False) -> (handler, port) of a running server."""
    controllers = []

    def start(refuse: bool = False, auth: bool = False):
        handler = Collector(refuse=refuse)
        port = free_port()
        options = dict(authenticator=echoing_authenticator, auth_require_tls=False) if auth else {}
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return handler, port

    yield start
    for controller in controllers:
        controller.stop()


# Redis, for the shared rate limits (tests/core and tests/web)

@pytest.fixture
def redis_client():
    """(client, key prefix) on the Redis at REDIS_URL; skips with the reason when none runs there.
    The keys under the prefix are removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as problem:
        pytest.skip(f"no Redis at {REDIS_URL} ({problem}); start one to test the shared rate limits")
    prefix = f"test:{uuid.uuid4().hex}"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
