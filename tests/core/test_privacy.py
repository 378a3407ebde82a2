"""Masking of personal numbers before a chat transcript goes to a national agency."""
from __future__ import annotations

import random
import time

import pytest

from bot.core.privacy import is_valid_iban, mask, passes_11_proef

OWN = "jan.jansen@example.nl"

CASES = [
    # BSN: valid by the 11-proef, in every notation
    ("mijn bsn is 123456782", "mijn bsn is [BSN]"),
    ("BSN: 111222333.", "BSN: [BSN]."),
    ("bsn 123 456 782 graag", "bsn [BSN] graag"),
    ("bsn 123.456.782", "bsn [BSN]"),
    ("(123456782)", "([BSN])"),
    # decision: a standalone 9-digit run is masked even when it fails the 11-proef
    ("bsn 123456789", "bsn [BSN]"),
    ("000000000", "[BSN]"),
    # ... but grouped numbers must pass it, since amounts and counts are grouped too
    ("123 456 789 inwoners", "123 456 789 inwoners"),
    ("123.456.789 inwoners", "123.456.789 inwoners"),
    ("000 000 000", "000 000 000"),
    ("€ 123456789", "€ 123456789"),
    ("123.456.782,00 euro", "123.456.782,00 euro"),
    ("1234567820 en 12345678", "1234567820 en 12345678"),
    # IBAN: Dutch and foreign, compact or grouped, any case; broken checksum left alone
    ("rekening NL91ABNA0417164300", "rekening [IBAN]"),
    ("NL91 ABNA 0417 1643 00 is mijn rekening", "[IBAN] is mijn rekening"),
    ("nl91abna0417164300", "[IBAN]"),
    ("IBAN: DE89 3704 0044 0532 0130 00.", "IBAN: [IBAN]."),
    ("BE68539007547034, GB29NWBK60161331926819", "[IBAN], [IBAN]"),
    ("NL91ABNA0417164301", "NL91ABNA0417164301"),
    # phone numbers
    ("bel 06-12345678", "bel [TELEFOON]"),
    ("bel 06 1234 5678!", "bel [TELEFOON]!"),
    ("0612345678", "[TELEFOON]"),
    ("+31 6 12345678", "[TELEFOON]"),
    ("+31612345678", "[TELEFOON]"),
    ("+31 (0)6-12345678", "[TELEFOON]"),
    ("0031612345678", "[TELEFOON]"),
    ("020-1234567", "[TELEFOON]"),
    ("tel: 0123 45 67 89.", "tel: [TELEFOON]."),
    ("088 898 92 94", "[TELEFOON]"),
    ("010-123 45 67", "[TELEFOON]"),
    ("06-1234-5678", "[TELEFOON]"),
    # e-mail, with the resident's own contact address kept (case-insensitively)
    ("mail naar piet@voorbeeld.nl.", "mail naar [E-MAIL]."),
    ("<a.b+c@mail.example.com>", "<[E-MAIL]>"),
    ("Jan.Jansen@Example.NL", "Jan.Jansen@Example.NL"),
    ("jan.jansen@example.nl of jan2@example.nl", "jan.jansen@example.nl of [E-MAIL]"),
    # do not touch: times, dates, postcodes, amounts, years, reference codes
    ("om 10:30 op 15-03-2027", "om 10:30 op 15-03-2027"),
    ("op 15-3 om 9:00", "op 15-3 om 9:00"),
    ("01-02-2027 12:00", "01-02-2027 12:00"),
    ("postcode 1234 AB", "postcode 1234 AB"),
    ("dat kost € 84,60", "dat kost € 84,60"),
    ("sinds 2019, in 2027", "sinds 2019, in 2027"),
    ("referentie WDKM3827", "referentie WDKM3827"),
    ("kenmerk WDKM123456789", "kenmerk WDKM123456789"),
    ("", ""),
    # several in one sentence, with punctuation around them
    ("BSN 123456782, tel. 06-12345678; mail piet@voorbeeld.nl of jan.jansen@example.nl",
     "BSN [BSN], tel. [TELEFOON]; mail [E-MAIL] of jan.jansen@example.nl"),
    ("Op 15-03-2027 om 10:30: NL91ABNA0417164300 (€ 84,60), 0612345678 en 111.222.333!",
     "Op 15-03-2027 om 10:30: [IBAN] (€ 84,60), [TELEFOON] en [BSN]!"),
    ("\"123456782\" en '06-12345678'", "\"[BSN]\" en '[TELEFOON]'"),
    ("0612345678 123 456 782", "[TELEFOON] [BSN]"),
    # digits inside a kept address are not masked as a phone number
    ("jan0612345678@example.nl", "jan0612345678@example.nl"),
]

KEEP = (OWN.upper(), "JAN0612345678@example.nl")


@pytest.mark.parametrize("text, expected", CASES)
def test_mask(text, expected):
    assert mask(text, keep_emails=KEEP) == expected


def test_without_keep_emails_every_address_is_masked():
    assert mask(f"mail {OWN}") == "mail [E-MAIL]"


@pytest.mark.parametrize("text", [text for text, _ in CASES])
def test_masking_is_idempotent(text):
    once = mask(text, keep_emails=KEEP)
    assert mask(once, keep_emails=KEEP) == once


def test_idempotent_on_random_digit_text():
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice("0123456789  .-+@aNL") for _ in range(80))
        once = mask(text)
        assert mask(once) == once


def test_checksums():
    assert passes_11_proef("123456782") and not passes_11_proef("123456789")
    assert not passes_11_proef("000000000")
    assert is_valid_iban("NL91 ABNA 0417 1643 00") and not is_valid_iban("NL91ABNA0417164301")


@pytest.mark.parametrize("alphabet", ["0123456789 ", "0123456789", "06 -.", "NL91ABNA0417 "])
def test_long_input_is_fast(alphabet):
    rng = random.Random(1)
    text = "".join(rng.choice(alphabet) for _ in range(20_000))
    started = time.perf_counter()
    mask(text)
    assert time.perf_counter() - started < 2.0  # loose bound; normally well under a second


# What the gateway keeps of a resident's message: only the BSN goes

@pytest.mark.parametrize("typed, kept", [
    ("mijn bsn is 111222333", "mijn bsn is [BSN]"),
    ("BSN: 111 222 333, klopt dat?", "BSN: [BSN], klopt dat?"),
    ("bel me op 0612345678", "bel me op 0612345678"),  # a phone number the bot needs
    ("mijn nummer is 123456789", "mijn nummer is 123456789"),  # fails the 11-proef: not a BSN
    ("NL91ABNA0417164300 en jan@example.nl", "NL91ABNA0417164300 en jan@example.nl"),
    ("het kost € 111222333", "het kost € 111222333"),
    ("codes WDKM3827 en 111222333", "codes WDKM3827 en [BSN]"),
])
def test_mask_bsn_masks_only_bsns(typed, kept):
    from bot.core.privacy import mask_bsn

    assert mask_bsn(typed) == kept
