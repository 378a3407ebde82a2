"""Staff passwords: stored only as salted scrypt hashes at the real cost, checked in constant
time, and anything that is not such a hash never matches."""
from __future__ import annotations

import time

import pytest

from bot.staff.passwords import hash_password, verify_password

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def stored():
    return hash_password(PASSWORD)


def test_the_hash_is_not_the_password_and_names_its_real_cost(stored):
    assert PASSWORD not in stored and PASSWORD.encode().hex() not in stored
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2 ** 14, 8, 5)
    assert len(salt) >= 22 and len(key) >= 43  # 16 and 32 bytes in base64


def test_the_right_password_matches_and_others_do_not(stored):
    assert verify_password(PASSWORD, stored)
    for wrong in ("", "correct horse battery stapl", PASSWORD + " ", PASSWORD.upper(), "x" * 2000):
        assert not verify_password(wrong, stored), wrong


def test_each_hash_has_its_own_salt():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


def test_any_unicode_password_works():
    password = "wachtwoord-één-€-😀 \ud800"  # even a lone surrogate, as JSON can carry one
    assert verify_password(password, hash_password(password))
    assert not verify_password("wachtwoord-een-€-😀 \ud800", hash_password(password))


@pytest.mark.parametrize("broken", [
    None, "", PASSWORD, "scrypt$16384$8$5$c2FsdA==", "bcrypt$16384$8$5$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,
    "scrypt$16383$8$5$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,  # not a power of two
    "scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,  # would need 1 TiB
    "scrypt$16384$8$5$not base64!$" + "A" * 44, "scrypt$16384$8$5$$" + "A" * 44,
    "scrypt$16384$8$5$c2FsdHNhbHRzYWx0c2FsdA==$QUFB",  # a key too short to mean anything
    "scrypt$-1$8$5$c2FsdA==$" + "A" * 44,
])
def test_anything_but_a_hash_of_this_module_never_matches(broken):
    assert verify_password(PASSWORD, broken) is False


def test_a_changed_hash_no_longer_matches(stored):
    scheme, n, r, p, salt, key = stored.split("$")
    flipped = ("B" if key[0] == "A" else "A") + key[1:]
    assert not verify_password(PASSWORD, "$".join([scheme, n, r, p, salt, flipped]))


def test_an_unknown_user_costs_as_much_time_as_a_wrong_password(stored):
    """Login checks a made-up hash for an unknown user, so timing does not tell who exists."""
    def duration(value):  # the fastest of a few tries, so a busy machine does not decide
        tries = []
        for _ in range(4):
            started = time.perf_counter()
            verify_password("wrong password", value)
            tries.append(time.perf_counter() - started)
        return min(tries)

    known, unknown = duration(stored), duration(None)
    assert unknown > known * 0.5 and known > unknown * 0.5
