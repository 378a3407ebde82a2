"""Dutch phone numbers for every form that asks for one, that every form reads them the same
way, a BSN recognised by its checksum, and how a number reads back."""
import pytest

from bot.core.phone import InvalidPhone, clean_phone, looks_like_bsn, phone_text
from bot.forms.fields import InvalidInput, clean_email_or_phone
from bot.forms.fields import clean_phone as form_phone

VALID_BSN = "111222333"


@pytest.mark.parametrize("typed", ["+31 6 12345678", "06-12 34 56 78", "0031 (0)6 12345678", "tel: 0612345678"])
def test_both_forms_keep_the_same_ten_digits(typed):
    assert clean_phone(typed) == form_phone(typed) == clean_email_or_phone(typed).phone == "0612345678"


@pytest.mark.parametrize("typed, reason", [("", "empty"), (VALID_BSN, "bsn"), ("0800 1234567", "service_number"),
                                           ("12345", "not_a_phone"), ("bel me", "not_a_phone")])
def test_what_cannot_be_called_back_is_refused_everywhere_with_the_reason(typed, reason):
    with pytest.raises(InvalidPhone) as refused:
        clean_phone(typed)
    assert refused.value.reason == reason
    with pytest.raises(InvalidInput):
        form_phone(typed)
    if typed:
        with pytest.raises(InvalidInput):
            clean_email_or_phone(typed)


def test_a_bsn_is_recognised_by_its_checksum():
    assert looks_like_bsn(f"mijn bsn is {VALID_BSN}") and looks_like_bsn("111.222.333")
    assert not looks_like_bsn("111222334") and not looks_like_bsn("0612345678") and not looks_like_bsn("dinsdag")


def test_numbers_read_back_in_groups():
    assert phone_text("0612345678") == "06 12345678"
    assert phone_text("0101234567") == "010 1234567"
