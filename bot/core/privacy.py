"""Mask personal numbers in a chat transcript before it is attached to an agency appointment.

The resident consents to sharing the conversation, not the BSN, bank account, phone
number or e-mail addresses typed in it; the agency employee only needs the resident's
own contact address, which the caller passes as ``keep_emails``.

Decisions (privacy first, but leave the facts of the appointment readable):

* A BSN written as one standalone run of 9 digits is masked even when it fails the
  11-proef: residents mistype, and a 9-digit number in this chat is almost always meant
  as a BSN. Grouped as ``123 456 782`` or ``123.456.782`` it is masked only when it
  passes the 11-proef, because that is also how large amounts and counts are written.
* Amounts (``€ 123456789``, ``123.456.789,00``) are never read as a BSN.
* Numbers glued to letters (reference codes such as ``WDKM3827``) are left alone.
* IBANs of any country are masked when the ISO 13616 mod-97 checksum holds; a broken
  IBAN is left as typed rather than guessed at.
* Phone numbers are Dutch: ``0`` + 9 digits, or ``+31``/``0031`` + 9 digits, separated
  by spaces or hyphens. Only the first separator (after the area code) may differ from
  the rest (``010-123 45 67``); ``01-02-2027 12`` mixes them and is a date and a time.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, List, Optional, Tuple

BSN, IBAN, PHONE, EMAIL = "[BSN]", "[IBAN]", "[TELEFOON]", "[E-MAIL]"

# Each pattern avoids nested quantifiers and starts only at a token boundary, so a long
# run of digits or letters costs linear time (no catastrophic backtracking).
_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])")
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])")
_NUMBER_START = r"(?<!\w)(?<!\d[.,/:-])"
_NUMBER_END = r"(?!\w)(?![.,/:-]\d)"
_PHONE = re.compile(
    _NUMBER_START
    + r"(?:(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?)|0)(?P<number>[1-9](?:[ -]?\d){8})"
    + _NUMBER_END)
_BSN = re.compile(_NUMBER_START + r"(?P<digits>\d{3}(?P<sep>[ .]?)\d{3}(?P=sep)\d{3})"
                  + _NUMBER_END + r"(?!(?P=sep)\d)")
_CURRENCY_BEFORE = re.compile(r"(?:€|\beur|\beuro)\s*$", re.IGNORECASE)


def passes_11_proef(digits: str) -> bool:
    """The BSN checksum: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11, not all zeros."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(weight * int(d) for weight, d in zip(range(9, 1, -1), digits)) - int(digits[8])
    return total % 11 == 0


def is_valid_iban(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    iban = candidate.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or not iban.isalnum() or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _email(match: re.Match, text: str, keep: frozenset) -> Optional[str]:
    address = match.group(0)
    return address if address.lower() in keep else EMAIL


def phone_key(number: str) -> str:
    """A Dutch phone number as its ten national digits (``0123456789``), however it is written,
    to compare a number found in a text with one the caller keeps readable."""
    digits = re.sub(r"\D", "", number)
    for prefix in ("0031", "31"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            return "0" + digits[len(prefix):]
    return digits


def _iban(match: re.Match, text: str, keep: frozenset) -> Optional[str]:
    return IBAN if is_valid_iban(match.group(0)) else None


def _phone(match: re.Match, text: str, keep: frozenset) -> Optional[str]:
    separators = [ch for ch in match.group("number") if not ch.isdigit()]
    if len(set(separators[1:])) > 1:
        return None  # mixed: a date and a time
    return match.group(0) if phone_key(match.group(0)) in keep else PHONE


def _bsn(match: re.Match, text: str, keep: frozenset) -> Optional[str]:
    if _CURRENCY_BEFORE.search(text[max(0, match.start() - 8):match.start()]):  # look back a little, not O(n)
        return None
    separator = match.group("sep")
    if not separator:
        return BSN
    before = text[max(0, match.start() - 2):match.start()]
    if len(before) == 2 and before[0].isdigit() and before[1] == separator:
        return None  # the tail of a longer grouped number
    return BSN if passes_11_proef(match.group("digits").replace(separator, "")) else None


# Order matters: e-mail first so digits in a kept address stay, then IBAN (contains
# digit runs), then phone (``+31 612345678`` holds a 9-digit run), then BSN.
_DETECTORS: List[Tuple[re.Pattern, Callable[..., Optional[str]]]] = [
    (_EMAIL, _email), (_IBAN, _iban), (_PHONE, _phone), (_BSN, _bsn)]


def _spans(text: str, keep: frozenset) -> List[Tuple[int, int, str]]:
    """Where each detector finds something to mask, the earlier detectors first."""
    taken = bytearray(len(text))
    spans: List[Tuple[int, int, str]] = []
    for pattern, decide in _DETECTORS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            replacement = decide(match, text, keep)
            if replacement is None:
                continue
            taken[start:end] = b"\x01" * (end - start)
            spans.append((start, end, replacement))
    return sorted(spans)


def _mask_once(text: str, keep: frozenset) -> str:
    pieces, position = [], 0
    for start, end, replacement in _spans(text, keep):
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def mask(text: str, keep_emails: Iterable[str] = (), keep_phones: Iterable[str] = ()) -> str:
    """Replace BSNs, IBANs, Dutch phone numbers (except ``keep_phones``: public numbers such as
    the municipality's and the agencies') and e-mail addresses (except ``keep_emails``).

    Masking one number can remove the context (a neighbouring digit) that protected the
    next, so the pass repeats until nothing changes; that makes ``mask`` idempotent. Each
    changing pass removes digits or an ``@``, so the loop ends.
    """
    keep = frozenset([e.strip().lower() for e in keep_emails]
                     + [phone_key(p) for p in keep_phones if phone_key(p)])
    while True:
        masked = _mask_once(text, keep)
        if masked == text:
            return masked
        text = masked


def mask_bsn(text: str) -> str:
    """Only the BSNs (9 digits that pass the 11-proef, not part of a phone number, IBAN or
    amount): what the gateway masks in every resident message before it is stored or reaches
    the bot, because the chat must never keep a BSN. Other numbers stay, the bot needs them."""
    spans = []
    for start, end, replacement in _spans(text, frozenset()):
        digits = re.sub(r"\D", "", text[start:end])
        if replacement == BSN and passes_11_proef(digits):
            spans.append((start, end))
    for start, end in reversed(spans):
        text = text[:start] + BSN + text[end:]
    return text


# --- Names, for training data and the content owners' inbox --------------------------------
# A resident's name is not a number, so ``mask`` (for agency transcripts, where the name is
# needed) leaves it. Examples that go into the training data or reach the inbox must not
# carry it. A name is recognised by how residents introduce themselves or someone else:
#
# * after "mijn naam is", "(ik/hij/zij/...) heet", "naam:" and "u spreekt met" the next
#   words are the name whatever their case, up to an ordinary word ("ik heet jan en ...");
# * after a title ("meneer", "mevrouw", "mw.", "dhr."), a relative ("mijn zoon", "mijn
#   moeder") or a sign-off ("groet", "groetjes", "mvg") the capitalised words are the name;
# * after "ik ben", "dit is" and "met" at the start (how Dutch people begin a phone call) the
#   capitalised words count only when the clause ends there (a comma, "en", "ik", the end):
#   "Met Pieter Jansen, ik ..." is a name, "Met Pasen zijn jullie dicht?" is not;
# * "Emma hier" at the start.
#
# Words that are capitalised but no name in this chat (nationalities, holidays, DigiD) are
# left alone. Names the forms collected are masked wherever they recur (``mask_known_names``).
# ``python -m benchmarks.name_masking`` measures the hit rate on tests/data/names_table.yml.
NAME = "[NAAM]"
_PARTICLES = r"(?:van|de|der|den|ter|ten|te|het|la|le|da|di|du|op|in|'t)"
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w'-]*"
_ANY_WORD = r"[^\W\d_][\w'-]*"
_NAME_WORDS_ANY_CASE = rf"{_ANY_WORD}(?:\s+(?:{_PARTICLES}\s+)*{_ANY_WORD}){{0,2}}"
_NAME_WORDS_CAPITALISED = rf"{_CAPITALISED}(?:\s+(?:{_PARTICLES}\s+)*{_CAPITALISED}){{0,2}}"
_EXPLICIT_NAME = re.compile(
    rf"(?P<lead>\b(?:mijn\s+naam\s+is|(?:ik|hij|zij|ze|die|hem|man|vrouw|zoon|dochter|moeder|vader)\s+heet"
    rf"|naam\s*:|spreekt\s+met(?:\s+(?:meneer|mevrouw|mevr\.|mw\.|dhr\.))?)\s+)(?P<name>{_NAME_WORDS_ANY_CASE})",
    re.IGNORECASE)
_GREETING = r"(?:goedemorgen|goedemiddag|goedenavond|hallo|hoi|dag)[,!]?\s+"
_CLAUSE_ENDS = r"(?=\s*(?:[,.!?:;)]|$)|\s+(?:en|ik|hier|uit|wil|heb|vanuit)\b)"
_INTRODUCED_NAME = re.compile(
    rf"(?P<lead>(?:\b(?:[Ii]k\s+ben|[Dd]it\s+is)|(?:^|(?i:{_GREETING}))[Mm]et)\s+)"
    rf"(?P<name>{_NAME_WORDS_CAPITALISED}){_CLAUSE_ENDS}")
_TITLE = r"(?:meneer|mevrouw|mevr\.|mw\.|mr\.|dhr\.|heer)"
_TITLED_NAME = re.compile(rf"(?P<lead>\b(?i:{_TITLE})\s+)(?P<name>{_NAME_WORDS_CAPITALISED})")
_RELATIVE_OR_SIGN_OFF = re.compile(
    rf"(?P<lead>(?:\b(?i:mijn\s+(?:zoon|dochter|man|vrouw|moeder"
    rf"|vader|broer|zus|partner|vriend|vriendin|oma|opa|buurman|buurvrouw))"
    rf"|\b(?i:(?:met\s+vriendelijke\s+)?(?:groet(?:en|jes)?|mvg|gr|vriendelijke\s+groet(?:en)?)),?)\s+)"
    rf"(?P<name>{_NAME_WORDS_CAPITALISED})")
_HERE_NAME = re.compile(rf"(?P<lead>(?:^|[.!?]\s+|(?i:{_GREETING})))(?P<name>{_CAPITALISED})(?=\s+hier\b)")
# Words that end a name typed in lower case ("ik heet jan en ik wil ...").
_NOT_A_NAME = frozenset("""en of maar want ik u je jij we wij ze zij hij mijn uw is ben heb wil wilde
kan kun mag moet graag hoe wat waar wanneer waarom wie welke niet geen ook nog al dus dan
de het een met voor van naar om op in bij aan veranderd gewijzigd verkeerd fout anders onjuist
bekend zo hetzelfde""".split())
# Capitalised words that are no name here: a nationality, a holiday, a service.
_NOT_NAMES = frozenset("""nederlander nederlands nederlandse pasen kerst kerstmis pinksteren koningsdag
digid mijnoverheid europeaan meneer mevrouw mevr mw mr dhr heer""".split())
_NATIONALITY = re.compile(r".*(?:aans|aanse|ees|ese|isch|ische)$", re.IGNORECASE)


def _name_length(words: List[str]) -> int:
    """How many of these words are the name: up to the first ordinary word (lower-case input
    gives no capital to stop at), without a dangling particle ("ik heet jan van")."""
    kept = 0
    for word in words:
        lowered = word.lower()
        if lowered in _NOT_A_NAME and not (kept and re.fullmatch(_PARTICLES, lowered)):
            break
        kept += 1
    while kept and re.fullmatch(_PARTICLES, words[kept - 1].lower()):
        kept -= 1
    return kept


def _is_no_name(name: str) -> bool:
    first = name.split()[0].lower()
    if first in _NOT_A_NAME and not re.fullmatch(_PARTICLES, first):  # "De Graaf" is a name
        return True
    return first in _NOT_NAMES or (len(name.split()) == 1 and bool(_NATIONALITY.match(first)))


def mask_names(text: str) -> str:
    """Replace a name the resident introduces (themselves or someone else) with ``[NAAM]``."""
    def explicit(match: re.Match) -> str:
        words = list(re.finditer(r"\S+", match.group("name")))
        length = _name_length([w.group(0).strip(",.!?:;") for w in words])
        if not length or words[0].group(0).lower() in _NOT_NAMES:
            return match.group(0)
        return match.group("lead") + NAME + match.group("name")[words[length - 1].end():]

    def capitalised(match: re.Match) -> str:
        if _is_no_name(match.group("name")):
            return match.group(0)
        return match.group("lead") + NAME

    text = _EXPLICIT_NAME.sub(explicit, text)
    for pattern in (_TITLED_NAME, _RELATIVE_OR_SIGN_OFF, _INTRODUCED_NAME, _HERE_NAME):
        text = pattern.sub(capitalised, text)
    return text


def mask_known_names(text: str, names: Iterable[str]) -> str:
    """Replace the names a form collected in this conversation wherever they recur: the whole
    name, and each of its words of three letters or more that is no particle ("Jan", "Vries")."""
    words = set()
    for name in names:
        name = " ".join(str(name).split())
        if len(name) < 2:
            continue
        words.add(name)
        words.update(w for w in re.findall(r"[^\W\d_][\w'-]*", name)
                     if len(w) >= 3 and not re.fullmatch(_PARTICLES, w.lower()) and w.lower() not in _NOT_A_NAME)
    for word in sorted(words, key=len, reverse=True):  # the whole name before its parts
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", NAME, text, flags=re.IGNORECASE)
    return re.sub(rf"{re.escape(NAME)}(?:\s+{re.escape(NAME)})+", NAME, text)


def mask_for_training(text: str, known_names: Iterable[str] = ()) -> str:
    """What may go into training data and the content owners' inbox: no numbers, addresses
    to mail or names that point at a person (no e-mail is kept); ``known_names`` are the
    names this conversation's forms collected."""
    return mask_names(mask_known_names(mask(text), known_names))
