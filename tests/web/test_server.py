"""The gateway as ``python -m bot.web`` serves it (uvicorn through bot.web.server), over real
sockets: a client that sends its request head or body too slowly is cut off after
READ_TIMEOUT_S (1 s here) instead of holding a connection; proxy headers from a local client
are not believed; and the access log names routes, never a conversation id."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import httpx
import pytest

from bot.core.settings import PROJECT_ROOT
from bot.db.migrate import upgrade
from tests.support.network import free_port

READ_TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """(address, log file) of a gateway subprocess; Rasa is not running behind it."""
    folder = tmp_path_factory.mktemp("gateway")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'gateway.db'}", "WEB_HOST": "127.0.0.1",
           "WEB_PORT": str(port), "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TIMEOUT_S": "0.5",
           "READ_TIMEOUT_S": str(READ_TIMEOUT_S), "LOG_LEVEL": "INFO", "TRUST_FORWARDED_PROTO": "false",
           "RASA_CHANNEL_SECRET": "test-kanaal"}
    upgrade(env["DATABASE_URL"])
    log = folder / "gateway.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "bot.web"], cwd=PROJECT_ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the gateway did not start:\n" + log.read_text(errors="replace"))
                time.sleep(0.3)
        yield ("127.0.0.1", port), log
    finally:
        process.terminate()
        process.wait(10)


def _held_for(address, data: bytes, limit_s: float = 6.0):
    """Sends ``data`` and waits until the server closes; (seconds it took, what it answered)."""
    with socket.create_connection(address, timeout=limit_s) as connection:
        connection.sendall(data)
        began, answer = time.monotonic(), b""
        try:
            while True:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except socket.timeout:
            pass
        return time.monotonic() - began, answer


def test_a_request_head_sent_too_slowly_is_cut_off(gateway):
    address, _ = gateway
    took, answer = _held_for(address, b"POST /api/conversations HTTP/1.1\r\nHost: gemeente\r\n")
    assert took < READ_TIMEOUT_S + 2 and answer == b""


def test_a_connection_that_sends_nothing_is_cut_off(gateway):
    address, _ = gateway
    took, _answer = _held_for(address, b"")
    assert took < READ_TIMEOUT_S + 2


def test_a_body_that_declares_100_bytes_and_sends_1_gets_a_408_and_is_cut_off(gateway):
    address, _ = gateway
    head = (b"POST /api/conversations HTTP/1.1\r\nHost: gemeente\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{")
    took, answer = _held_for(address, head)
    assert took < READ_TIMEOUT_S + 2
    assert answer.startswith(b"HTTP/1.1 408 ") and b"request_timeout" in answer


def test_a_kept_alive_connection_must_send_its_next_head_in_time(gateway):
    address, _ = gateway
    request = b"GET /openapi.json HTTP/1.1\r\nHost: gemeente\r\n\r\n"
    took, answer = _held_for(address, request + b"GET /openapi.json HTTP/1.1\r\nHost: gem")
    assert answer.startswith(b"HTTP/1.1 200 ") and took < READ_TIMEOUT_S + 2


def test_a_whole_request_is_answered_and_forwarded_headers_of_a_local_client_are_not_believed(gateway):
    (host, port), _ = gateway
    answer = httpx.get(f"http://{host}:{port}/openapi.json", headers={"X-Forwarded-Proto": "https"})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in answer.headers


def test_the_access_log_names_routes_and_never_a_conversation_id(gateway):
    (host, port), log = gateway
    with httpx.Client(base_url=f"http://{host}:{port}", timeout=10) as client:
        started = client.post("/api/conversations", json={}).json()
        conversation_id, token = started["conversation_id"], started["token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.post(f"/api/conversations/{conversation_id}/messages", json={"text": "hallo"},
                           headers=headers).status_code == 200  # Rasa is down: the notice
        assert client.get(f"/api/conversations/{conversation_id}/messages?after=1", headers=headers).status_code == 200
        assert client.delete(f"/api/conversations/{conversation_id}", headers=headers).status_code == 204
    time.sleep(0.5)
    access = [line for line in log.read_text(errors="replace").splitlines() if '" 20' in line and "HTTP/1.1" in line]
    assert any('"POST /api/conversations/{id}/messages HTTP/1.1" 200' in line for line in access), access
    assert any('"GET /api/conversations/{id}/messages HTTP/1.1" 200' in line for line in access), access
    assert any('"DELETE /api/conversations/{id} HTTP/1.1" 204' in line for line in access), access
    assert not [line for line in access if conversation_id in line or token in line or "after=" in line]
