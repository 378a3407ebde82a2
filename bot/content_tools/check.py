"""``make check-config``: is the municipality's configuration usable, and does the content
answer every intent? Also shown to content owners in the console (GET /api/content/check),
so the same findings are data here: each has a kind, a severity, where it is and a sentence.

Errors stop ``make check-config`` (exit 1): a file that cannot be read, an intent without an
answer, an answer that cannot be built, a link that is not a valid web address. Warnings are
printed but let it pass: a product without fees (a resident asking what it costs hears
nothing; write ``bedrag: 0`` when it is free).

The accountability facts (``verantwoording``) are checked against today: a security.txt
whose ``verloopt`` date has passed is an error (RFC 9116: expired means do not trust it),
one that ends within 30 days or lies more than a year ahead a warning; no ``verantwoording``
at all is a warning (the privacy and accessibility pages then lack the municipality's part,
and /.well-known/security.txt is missing).

The English texts (content/antwoorden.en.yml, bot/content_tools/translations.py): each text a
resident can read without an English form is a warning (the Dutch one stands in), a missing
English file one warning; English that is not plain language where the Dutch check applies is
an error.
"""
from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, List, Optional
from urllib.parse import urlsplit

import yaml

from bot.config.content import (
    ContentError,
    check_against,
    load_content,
    unanswered_intents,
    unnamed_intents,
    widget_text_problems,
)
from bot.config.gemeente import ConfigError, GemeenteConfig, load_gemeente
from bot.config.problems import ERROR, WARNING
from bot.content_tools.translations import problems as translation_problems
from bot.core.clock import TIMEZONE, utcnow
from bot.core.settings import PROJECT_ROOT, get_settings
from bot.core.yaml_tree import walk
from bot.faq.answers import BOOKING_INTENTS, Answers, Question
from bot.life_events.check import problems as life_event_problems
from bot.wegwijzer.check import problems as wegwijzer_problems

# Something meant as a link: a scheme with // (also a mistyped one such as "https//") or www.
_LINK_CANDIDATE = re.compile(r"\b[a-z][a-z0-9+.-]*:?//[^\s<>\"']+|\bwww\.[^\s<>\"']+", re.IGNORECASE)
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_UNSAFE_IN_URL = set('<>"{}|\\^`')


@dataclass(frozen=True)
class Finding:
    kind: str  # config_error, intent_without_answer, intent_without_name, answer_error, content_problem,
    #            malformed_link, missing_fee, accountability, wegwijzer, levensgebeurtenissen, translation
    severity: str
    where: str
    detail: str

    def as_json(self) -> dict:
        return asdict(self)


def domain_intents() -> List[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])]


def link_problem(url: str) -> Optional[str]:
    """Why ``url`` is not a usable web address, or None when it is one."""
    if url.lower().startswith("www."):
        return "begins without https://"
    if any(ch in _UNSAFE_IN_URL or ch.isspace() for ch in url):
        return "contains spaces or characters a web address cannot hold"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "is not a valid web address"
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(parts.scheme.lower() + "://"):
        return "must begin with https://"
    host = (parts.hostname or "").rstrip(".")
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels) \
            or not labels[-1].isalpha() or len(labels[-1]) < 2:
        return f"has no valid domain name ({host or 'empty'})"
    return None


def links_in(text: str) -> List[str]:
    """The web addresses written in a text, without a sentence's closing punctuation."""
    return [match.group(0).rstrip(".,;:!?)") for match in _LINK_CANDIDATE.finditer(text)]


def report(gemeente_file: Optional[Path] = None, content_file: Optional[Path] = None) -> List[Finding]:
    """Everything a content owner or administrator should fix, errors first."""
    settings = get_settings()
    gemeente_file = Path(gemeente_file or settings.gemeente_config)
    content_file = Path(content_file or settings.content_file)
    findings: List[Finding] = []
    raw_gemeente = _raw(gemeente_file)
    raw_content = _raw(content_file)
    findings += _link_findings(raw_gemeente, gemeente_file.name, linked_keys=True)
    findings += _link_findings(raw_content, content_file.name, linked_keys=False)
    findings += _fee_findings(raw_gemeente, gemeente_file.name)
    try:
        config = load_gemeente(gemeente_file)  # not the cached copy: a running assistant keeps the
        content = load_content(content_file)  # last good version, the check must see the edit
    except (ConfigError, ContentError) as error:
        findings.append(Finding("config_error", ERROR, _file_of(str(error), gemeente_file, content_file), str(error)))
        return _ordered(findings)
    findings += accountability_findings(config, gemeente_file.name)
    findings += near_home_findings(config, gemeente_file.name)
    findings += [Finding("wegwijzer", problem.severity, problem.where, problem.detail)
                 for problem in wegwijzer_problems(config, content, gemeente_file.name)]
    findings += [Finding("levensgebeurtenissen", problem.severity, problem.where, problem.detail)
                 for problem in life_event_problems(config, content, gemeente_file.name)]
    intents = domain_intents()
    findings += [Finding("translation", problem.severity, problem.where, problem.detail)
                 for problem in translation_problems(config, content.raw, content_file)]
    for intent in unanswered_intents(content, intents):
        findings.append(Finding("intent_without_answer", ERROR, intent,
                                f"intent {intent} has no answer in the content file"))
    for intent in unnamed_intents(content, intents):
        findings.append(Finding("intent_without_name", ERROR, intent,
                                f"intent {intent} has no Dutch name in terugval.onderwerpen or kcc.onderwerpen "
                                f"(the KCC console shows \"{content.raw['kcc']['onderwerp_onbekend']}\")"))
    for problem in check_against(content, [], list(config.producten)) + widget_text_problems(content):
        findings.append(Finding("content_problem", ERROR, content_file.name, problem))
    if not any(f.severity == ERROR for f in findings):  # every answer must also render
        answers = Answers(content, config)
        for intent in (i for i in intents if i not in BOOKING_INTENTS):
            try:
                if not any(reply.text for reply in answers.reply_to(Question(intent))):
                    findings.append(Finding("answer_error", ERROR, intent, f"intent {intent}: the answer is empty"))
            except (ContentError, KeyError) as error:
                findings.append(Finding("answer_error", ERROR, intent, f"intent {intent}: {error}"))
    return _ordered(findings)


def near_home_findings(config: GemeenteConfig, source: str) -> List[Finding]:
    """Near home (bot/faq/near_home.py) finds a pop-up by its name, its wijk or its postcodegebied:
    a pop-up without either is near nobody's postcode or neighbourhood; without a zorglocatie,
    residents who cannot travel hear no care-home dates."""
    found = [Finding("near_home", WARNING, f"{source}: locaties.{code}",
                     f"locaties.{code}: a popup without wijk or postcodegebied is never offered to a resident "
                     "who gives a postcode or neighbourhood")
             for code, place in config.popups() if not place.wijk and not place.postcodegebied]
    if config.popups() and not any(place.zorglocatie for _, place in config.popups()):
        found.append(Finding("near_home", WARNING, f"{source}: locaties",
                             "no popup has zorglocatie: true, so residents who cannot travel hear no care-home dates"))
    return found


SECURITY_TXT_RENEW_DAYS = 30


def accountability_findings(config: GemeenteConfig, source: str, today: Optional[date] = None) -> List[Finding]:
    """What the accountability pages need from the municipality, checked against ``today``."""
    today = today or utcnow().astimezone(TIMEZONE).date()
    if config.verantwoording is None:
        return [Finding("accountability", WARNING, f"{source}: verantwoording",
                        "verantwoording is missing: the privacy and accessibility statements lack the municipality's "
                        "facts and /.well-known/security.txt is not served")]
    expires = config.verantwoording.beveiliging.verloopt
    where = f"{source}: verantwoording.beveiliging.verloopt"
    if expires <= today:
        return [Finding("accountability", ERROR, where,
                        f"security.txt expired on {expires}: set a new date (at most a year ahead)")]
    if expires > today + timedelta(days=366):
        return [Finding("accountability", WARNING, where,
                        f"security.txt expires on {expires}, more than a year ahead (RFC 9116 advises less)")]
    if expires <= today + timedelta(days=SECURITY_TXT_RENEW_DAYS):
        return [Finding("accountability", WARNING, where, f"security.txt expires on {expires}: renew it soon")]
    return []


def problems() -> List[str]:
    """The errors as sentences (what ``make check-config`` fails on)."""
    return [finding.detail for finding in report() if finding.severity == ERROR]


def _raw(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # load_gemeente / load_content report it with the details



def _link_findings(raw: Any, source: str, linked_keys: bool) -> List[Finding]:
    """Links in texts; with ``linked_keys`` also fields meant to hold one (link, website)."""
    found = []
    for path, key, value in walk(raw):
        if not isinstance(value, str):
            continue
        is_link_field = linked_keys and (key.endswith("link") or key == "website")
        candidates = [value.strip()] if is_link_field else links_in(value)
        for url in candidates:
            problem = link_problem(url)
            if problem:
                found.append(Finding("malformed_link", ERROR, f"{source}: {path}",
                                     f"{path}: the link {url!r} {problem}"))
    return found


def _fee_findings(raw: Any, source: str) -> List[Finding]:
    products = raw.get("producten") if isinstance(raw, dict) else None
    if not isinstance(products, dict):
        return []
    return [Finding("missing_fee", WARNING, f"{source}: producten.{code}",
                    f"producten.{code} has no fees (tarieven): residents who ask what it costs hear nothing. "
                    f"Add the fees, or bedrag: 0 when it is free.")
            for code, product in products.items()
            if isinstance(product, dict) and not product.get("tarieven")]


def _file_of(message: str, gemeente_file: Path, content_file: Path) -> str:
    return content_file.name if str(content_file) in message else gemeente_file.name


def _ordered(findings: List[Finding]) -> List[Finding]:
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.kind, f.where))


def main() -> int:
    found = report()
    for finding in found:
        print(f"{'problem' if finding.severity == ERROR else 'warning'}: {finding.detail}", file=sys.stderr)
    errors = [f for f in found if f.severity == ERROR]
    if not errors:
        print("configuration and content ok" + (f" ({len(found)} warning(s))" if found else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
