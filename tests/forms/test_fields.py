"""What residents type into a form, cleaned or refused: names, e-mail addresses, Dutch phone
numbers (never a BSN), reference codes and the moment to be called back; every refusal is one
InvalidInput with the field and the reason."""
from __future__ import annotations

import pytest

from bot.forms.fields import (
    MOMENT_MAX,
    NAME_MAX,
    InvalidInput,
    Reach,
    clean_email,
    clean_email_or_phone,
    clean_moment,
    clean_name,
    clean_phone,
    clean_reference,
    email_in,
    looks_like_email,
    named_name,
)

VALID_BSN = "111222333"  # passes the 11-proef


@pytest.mark.parametrize("typed, digits", [
    ("0612345678", "0612345678"),
    ("06-12345678", "0612345678"),
    ("06 12 34 56 78", "0612345678"),
    ("+31 6 12345678", "0612345678"),
    ("+31 (0)6 1234 5678", "0612345678"),
    ("0031612345678", "0612345678"),
    ("010-1234567", "0101234567"),
    ("(020) 123 45 67", "0201234567"),
    ("mijn nummer is 0612345678", "0612345678"),
    ("tel: 0591 123456", "0591123456"),
])
def test_dutch_phone_numbers_as_residents_type_them(typed, digits):
    assert clean_phone(typed) == digits


@pytest.mark.parametrize("typed, reason", [
    ("", "empty"),
    ("bel me maar", "not_a_phone"),
    ("061234567", "not_a_phone"),          # one digit short
    ("06123456789", "not_a_phone"),        # one too many
    ("0012345678", "not_a_phone"),
    ("+49 30 1234567", "not_a_phone"),     # abroad: the KCC calls Dutch numbers
    ("06-1234abcd", "not_a_phone"),
    ("<script>0612345678</script>", "not_a_phone"),
    (VALID_BSN, "bsn"),
    ("111 222 333", "bsn"),
    ("0800 1234567", "service_number"),
    ("0900-1234567", "service_number"),
])
def test_what_is_not_a_phone_number_is_refused_with_the_reason(typed, reason):
    with pytest.raises(InvalidInput) as refused:
        clean_phone(typed)
    assert (refused.value.field, refused.value.reason) == ("telefoon", reason)


@pytest.mark.parametrize("typed, kept", [
    ("dinsdagochtend", "dinsdagochtend"), ("  na   14:00 uur ", "na 14:00 uur"),
    ("maakt niet uit", None), ("Geen voorkeur.", None), ("het maakt mij niet uit", None), ("", None), ("zo snel mogelijk", None),
])
def test_the_moment_is_kept_as_typed_or_none(typed, kept):
    assert clean_moment(typed) == kept


@pytest.mark.parametrize("typed, reason", [("x" * 101, "too_long"), ("???", "not_a_moment"),
                                           (f"bel na 5 uur, bsn {VALID_BSN}", "bsn")])
def test_a_moment_that_cannot_be_kept(typed, reason):
    with pytest.raises(InvalidInput) as refused:
        clean_moment(typed)
    assert refused.value.reason == reason


@pytest.mark.parametrize("text, name", [("Jan de Vries", "Jan de Vries"), ("mijn naam is  Zoë O'Neill ", "Zoë O'Neill"),
                                        ("ik heet Ahmet Yılmaz", "Ahmet Yılmaz"), ("Anne-Marie van 't Hof", "Anne-Marie van 't Hof")])
def test_names(text, name):
    assert clean_name(text) == name


@pytest.mark.parametrize("text, email", [("piet@example.nl", "piet@example.nl"),
                                         ("mijn mail is J.Bakker@Voorbeeld.NL", "J.Bakker@voorbeeld.nl")])
def test_emails(text, email):
    assert clean_email(text) == email


@pytest.mark.parametrize("text, reference", [("mijn code is wdkm-3827", "WDKM3827"), ("WDKM3827", "WDKM3827"),
                                             ("ik weet het niet", None), ("afspraken", None), ("WDKM3O27", None)])
def test_references(text, reference):
    assert clean_reference(text) == reference


@pytest.mark.parametrize("clean, typed, field, reason", [
    (clean_name, "", "naam", "empty"),
    (clean_name, "   ", "naam", "empty"),
    (clean_name, "x" * (NAME_MAX + 1), "naam", "too_long"),
    (clean_name, "J", "naam", "not_a_name"),
    (clean_name, "12345", "naam", "not_a_name"),
    (clean_name, "<b>Jan</b>", "naam", "not_a_name"),
    (clean_name, "Robert'); DROP TABLE appointments;--", "naam", "not_a_name"),
    (clean_name, "een twee drie vier vijf zes zeven acht negen", "naam", "not_a_name"),
    (clean_email, "", "email", "empty"),
    (clean_email, " <> ", "email", "empty"),
    (clean_email, "geen e-mail", "email", "not_an_email"),
    (clean_email, "jan@example", "email", "not_an_email"),
    (clean_email, "jan@example.nl\r\nBcc: iedereen@example.nl", "email", "not_an_email"),
    (clean_email, "jan@" + "x" * 300 + ".nl", "email", "not_an_email"),
    (clean_phone, "", "telefoon", "empty"),
    (clean_phone, VALID_BSN, "telefoon", "bsn"),
    (clean_phone, "0900-1234567", "telefoon", "service_number"),
    (clean_phone, "bel me", "telefoon", "not_a_phone"),
    (clean_email_or_phone, "jan@", "email", "not_an_email"),
    (clean_email_or_phone, "morgen", "telefoon", "not_a_phone"),
    (clean_moment, "x" * (MOMENT_MAX + 1), "moment", "too_long"),
    (clean_moment, "na\x00twee", "moment", "not_a_moment"),
    (clean_moment, "!!!", "moment", "not_a_moment"),
    (clean_moment, f"bel na 5 uur, bsn {VALID_BSN}", "moment", "bsn"),
])
def test_every_refusal_names_its_field_and_reason(clean, typed, field, reason):
    with pytest.raises(InvalidInput) as refused:
        clean(typed)
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize("typed, reach", [("Jan@Example.NL", Reach(email="Jan@example.nl")),
                                          ("06-12 34 56 78", Reach(phone="0612345678"))])
def test_the_way_to_reach_the_resident_is_an_email_address_or_a_phone_number(typed, reach):
    assert clean_email_or_phone(typed) == reach


@pytest.mark.parametrize("said, typed", [
    ("tom punt hendriks apenstaartje gmail punt com", "tom.hendriks@gmail.com"),
    ("mijn mail is anna apenstaartje Ziggo punt nl", "anna@ziggo.nl"),
    ("piet laag streepje bos apestaartje kpn punt nl", "piet_bos@kpn.nl"),
    ("jan at hotmail dot com", "jan@hotmail.com"),
])
def test_an_address_said_in_words_is_read_as_typed(said, typed):
    assert looks_like_email(said) and clean_email(said) == typed


@pytest.mark.parametrize("text", ["tom.hendriks apenstaartje gmail", "apenstaartje", "jan punt nl"])
def test_an_address_in_words_that_is_incomplete_is_refused(text):
    with pytest.raises(InvalidInput) as refused:
        clean_email(text)
    assert refused.value.reason == "not_an_email"


def test_an_address_in_words_reaches_the_agency_as_an_address_not_a_phone():
    assert clean_email_or_phone("els apenstaartje voorbeeld punt nl").email == "els@voorbeeld.nl"


def test_an_address_and_a_name_are_found_inside_a_correction():
    assert email_in("nee, mijn mail is jan.vries@voorbeeld.nl.") == "jan.vries@voorbeeld.nl"
    assert email_in("jan apenstaartje voorbeeld") is None
    assert named_name("nee, mijn naam is Jan de Vries") == "Jan de Vries"
    assert named_name("Jan de Vries") is None


@pytest.mark.parametrize("typed, name", [("my name is Jan de Vries", "Jan de Vries"), ("I'm Noor", "Noor")])
def test_a_name_typed_in_english(typed, name):
    assert clean_name(typed) == name


def test_an_address_and_a_name_named_in_english():
    assert clean_email("my email address is jan@example.nl") == "jan@example.nl"
    assert named_name("no, my name is Jan Jansen") == "Jan Jansen"


@pytest.mark.parametrize("typed", ["doesn't matter", "no preference", "any time", "whenever", "asap"])
def test_no_preference_for_a_callback_in_english(typed):
    assert clean_moment(typed) is None
