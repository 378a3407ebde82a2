"""The staff password policy: at least 12 characters, and not a common or trivially patterned
password, nor the username or the municipality's name (issue #11: the CLI took 'aaaaaaaaaaaa')."""
from __future__ import annotations

import pytest

from bot.staff.accounts import AccountError, check_password_rules
from bot.staff.password_policy import WeakPassword, check_password


@pytest.mark.parametrize("password", [
    "aaaaaaaaaaaa", "abcabcabcabc", "121212121212", "123456789012", "abcdefghijklm", "zyxwvutsrqpo",
    "qwertyuiop12", "!!asdfghjkl!!", "9876543210987", "Wachtwoord123!", "P@ssw0rd1234", "welkomwelkom",
    "Welkom2026!!!", "zomer2026!!!", "      ",
])
def test_common_and_patterned_passwords_are_refused(password):
    with pytest.raises(WeakPassword):
        check_password(password)


def test_short_passwords_are_refused():
    with pytest.raises(WeakPassword, match="at least 12"):
        check_password("kort!Ab9x")


def test_the_username_and_the_municipality_are_refused():
    with pytest.raises(WeakPassword, match="username"):
        check_password("jan.jansen2026", "jan.jansen")
    with pytest.raises(AccountError, match="municipality"):
        check_password_rules("Wilgendaal2026!")  # gemeente.yml's naam


@pytest.mark.parametrize("password", ["paarse giraffe leest kranten", "Zonnige-Koffie-Bank-17",
                                      "mijn fiets is rood en snel", "tv8#Lq2!mZ0w"])
def test_good_passwords_pass(password):
    check_password(password, "jan.jansen", ["Wilgendaal"])
    check_password_rules(password, "jan.jansen")
