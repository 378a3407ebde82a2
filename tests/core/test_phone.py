"""Dutch phone numbers for every form that asks for one, and that the appointment form and the
callback request read them the same way."""
import pytest

from bot.appointments.contact import clean_email_or_phone
from bot.appointments.types import InvalidContact
from bot.handover.callback import InvalidCallback, clean_phone as callback_phone
from bot.core.phone import InvalidPhone, clean_phone

VALID_BSN = "111222333"


@pytest.mark.parametrize("typed", ["+31 6 12345678", "06-12 34 56 78", "0031 (0)6 12345678", "tel: 0612345678"])
def test_both_forms_keep_the_same_ten_digits(typed):
    assert clean_phone(typed) == callback_phone(typed) == clean_email_or_phone(typed).phone == "0612345678"


@pytest.mark.parametrize("typed, reason", [("", "empty"), (VALID_BSN, "bsn"), ("0800 1234567", "service_number"),
                                           ("12345", "not_a_phone"), ("bel me", "not_a_phone")])
def test_what_cannot_be_called_back_is_refused_everywhere_with_the_reason(typed, reason):
    with pytest.raises(InvalidPhone) as refused:
        clean_phone(typed)
    assert refused.value.reason == reason
    with pytest.raises(InvalidCallback):
        callback_phone(typed)
    if typed:
        with pytest.raises(InvalidContact):
            clean_email_or_phone(typed)
