"""Many residents chatting at once through the gateway (target: 100 concurrent conversations,
bot replies p95 < 300 ms, 0 errors, every message sent in the transcript).

Without ``--url`` it starts the whole stack as ``make run`` does (action server, Rasa, the
gateway) on free loopback ports with a throw-away SQLite database, runs the load, and stops it.
With ``--url`` it talks to a stack that is already running. Each simulated resident comes from
an address of its own (documentation range, sent as X-Forwarded-For; the started gateway trusts
it), so the per-address rate limit applies to each as to a real resident.

Each resident opens a conversation and sends a few questions with a pause of 5 to 15 seconds
between them: reading an answer of some forty words and typing the next question takes a
person at least that. ``--think 1 4`` is a stress test well beyond that pace: it shows where
this machine's limit lies. A message whose connection drops is sent again with the same
client id, as the widget does. Run: ``make bench-chat`` (or ``python -m benchmarks.chat_load``).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import httpx

QUESTIONS = [
    "wat kost een paspoort", "hoe laat is het gemeentehuis open", "ik ben mijn rijbewijs kwijt",
    "hoe geef ik een verhuizing door", "waar is de pop-up balie deze week", "hoi",
    "mijn moeder is overleden wat moet ik doen", "hoelang duurt een id kaart", "bedankt!",
    "wat is het telefoonnummer van de gemeente", "ik wil een uittreksel brp",
    "kan ik een vog aanvragen bij jullie", "parkeervergunning aanvragen", "ben jij een robot",
    "ik heb geen geld voor een nieuwe koelkast", "wij gaan trouwen", "mijn ww uitkering is gestopt",
]


@dataclass
class Resident:
    number: int
    conversation_id: str = ""
    token: str = ""
    sent: List[str] = field(default_factory=list)
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    resent: int = 0

    @property
    def headers(self):
        return {"Authorization": f"Bearer {self.token}",
                "X-Forwarded-For": f"203.0.{113 + self.number // 250}.{self.number % 250 + 1}"}


async def _converse(client: httpx.AsyncClient, resident: Resident, messages: int, think_s: tuple,
                    rng: random.Random) -> None:
    answer = await client.post("/api/conversations", json={}, headers={"X-Forwarded-For": resident.headers["X-Forwarded-For"]})
    if answer.status_code != 201:
        resident.errors.append(f"start: {answer.status_code}")
        return
    resident.conversation_id, resident.token = answer.json()["conversation_id"], answer.json()["token"]
    for number, text in enumerate(rng.sample(QUESTIONS, messages)):
        await asyncio.sleep(rng.uniform(*think_s))
        started = time.perf_counter()
        body = {"text": text, "client_id": f"load-{resident.number}-{number}"}
        try:
            answer = await _send(client, resident, body)
        except httpx.HTTPError as problem:
            resident.errors.append(f"send: {type(problem).__name__}")
            continue
        resident.latencies.append(time.perf_counter() - started)
        resident.sent.append(text)
        replies = answer.json().get("messages", []) if answer.status_code == 200 else []
        if answer.status_code != 200:
            resident.errors.append(f"send: {answer.status_code}")
        elif not replies or any(reply["sender"] != "bot" for reply in replies):
            resident.errors.append("send: no bot reply (" + ", ".join(r["sender"] for r in replies) + ")")


async def _send(client: httpx.AsyncClient, resident: Resident, body: dict) -> httpx.Response:
    """Sends as the widget does: a dropped connection is tried once more with the same client
    id, which the gateway stores once."""
    url = f"/api/conversations/{resident.conversation_id}/messages"
    try:
        return await client.post(url, json=body, headers=resident.headers)
    except httpx.TransportError:
        resident.resent += 1
        return await client.post(url, json=body, headers=resident.headers)


async def _missing_from_transcripts(client: httpx.AsyncClient, residents: List[Resident]) -> int:
    """Messages a resident sent that their transcript does not hold (should be 0)."""
    missing = 0
    for resident in residents:
        if not resident.conversation_id:
            continue
        answer = await client.get(f"/api/conversations/{resident.conversation_id}/messages?after=0",
                                  headers=resident.headers)
        stored = [m["text"] for m in answer.json()["messages"] if m["sender"] == "resident"]
        missing += sum(1 for text in resident.sent if text not in stored)
    return missing


async def run_load(url: str, conversations: int, messages: int, think_s: tuple, seed: int) -> int:
    rng = random.Random(seed)
    residents = [Resident(number) for number in range(conversations)]
    limits = httpx.Limits(max_connections=conversations + 10, max_keepalive_connections=conversations + 10)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(_converse(client, r, messages, think_s, random.Random(rng.random()))
                               for r in residents))
        duration = time.perf_counter() - started
        missing = await _missing_from_transcripts(client, residents)
    latencies = sorted(t * 1000 for r in residents for t in r.latencies)
    errors = [e for r in residents for e in r.errors]
    sent = sum(len(r.sent) for r in residents)
    if not latencies:
        print("chat load: no message got through", file=sys.stderr)
        return 1
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"chat load: {conversations} concurrent conversations, {sent} messages in {duration:.1f} s "
          f"({sent / duration:.1f} messages/s)")
    print(f"  bot reply through the gateway: median {statistics.median(latencies):.0f} ms, "
          f"p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms   (target p95 < 300 ms)")
    print(f"  errors: {len(errors)}   messages missing from the transcript: {missing}   "
          f"sent again after a dropped connection: {sum(r.resent for r in residents)}")
    for error in sorted(set(errors))[:10]:
        print(f"    {error} ({errors.count(error)}x)")
    return 0 if not errors and not missing and p95 < 300 else 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_stack(folder: Path):
    """The services of ``make run``, on free ports with a database of their own."""
    from bot.cli import run
    from bot.cli.migrate import main as migrate
    from bot.core.settings import get_settings
    from bot.retraining.deploy import api_token
    from bot.retraining.model_store import current_model

    os.environ.update({
        "DATABASE_URL": f"sqlite:///{folder / 'last.db'}", "OUTBOX_DIR": str(folder / "outbox"),
        "WEB_PORT": str(_free_port()), "RASA_PORT": str(_free_port()), "ACTIONS_PORT": str(_free_port()),
        "TRUST_FORWARDED_FOR": "true", "LOG_LEVEL": "WARNING", "SMTP_HOST": "",
    })
    os.environ["RASA_URL"] = f"http://127.0.0.1:{os.environ['RASA_PORT']}"
    get_settings.cache_clear()
    settings = get_settings()
    model = current_model()
    if model is None:
        raise SystemExit("chat load: no model for the current data; run make train first")
    migrate()
    env = run._environment(settings)
    services = [run.action_server(settings, env), run.rasa_server(settings, env, model, api_token(settings)),
                run.web_gateway(settings, env)]
    for service in services:
        service.start()
    if not run._wait_until_ready(services):
        run._stop_all(services)
        raise SystemExit("chat load: the stack did not start")
    return services, f"http://{settings.web_host}:{settings.web_port}"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running gateway (default: start the stack here)")
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5, help="messages per conversation")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN_S", "MAX_S"),
                        help="pause before each message, like a resident reading and typing")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.url:
        return asyncio.run(run_load(args.url, args.conversations, args.messages, tuple(args.think), args.seed))
    from bot.cli import run
    with tempfile.TemporaryDirectory(prefix="chat-load-") as folder:
        services, url = _start_stack(Path(folder))
        try:
            return asyncio.run(run_load(url, args.conversations, args.messages, tuple(args.think), args.seed))
        finally:
            run._stop_all(services)


if __name__ == "__main__":
    sys.exit(main())
