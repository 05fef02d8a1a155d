"""Redaction: every kind is found and counted, ordinary NHS prose is left alone, and redacting
twice changes nothing and never leaves an email address or a valid NHS number."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engineroom.population.consult.redact import redact
from engineroom.population.nhs_number import valid_one

VALID_NHS = "943 476 5919"  # the NHS Data Dictionary's worked example: Modulus 11 valid


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("Email me at jo.bloggs+nhs@example.co.uk please", "email", 1),
        ("a@example.com and b.c@example.org", "email", 2),
        (f"My NHS number is {VALID_NHS}.", "nhs_number", 1),
        ("NHS no 9434765919, and 943-476-5919", "nhs_number", 2),
        ("Ring 07700 900123 or (01632) 960123", "phone", 2),
        ("+44 7700 900123, +44 (0)20 7946 0123 and 0117-496-0123", "phone", 3),
        ("ring 0044 7700 900123 or 0044 (0)1305 251150", "phone", 2),
        ("I live at BH21 1AA", "postcode", 1),
        ("postcode bh211aa or dt1 2xy", "postcode", 2),
        ("Dr Patel and Mrs Hughes were lovely", "name", 2),
        ("My name is Sarah White.", "name", 1),
        ("hello my name is jane smith and i live here", "name", 1),
        ("I'm Margaret and I live in Swanage", "name", 1),
        ("Sarah Jones on the ward was kind", "name", 1),
        ("Mr O'Brien and Nurse McKay helped", "name", 2),
        ("Great care.\nThanks, Sarah", "name", 1),
        ("Great care.\n\nKind regards,\nJohn Smith", "name", 1),
    ],
)
def test_redact_finds_and_counts_each_kind(text, kind, count):
    result = redact(text)
    assert result.counts == {kind: count}
    assert (
        result.text.count(
            {
                "email": "[email address]",
                "nhs_number": "[NHS number]",
                "phone": "[phone number]",
                "postcode": "[postcode]",
                "name": "[name]",
            }[kind]
        )
        == count
    )


def test_a_lower_case_name_after_my_name_is_is_taken_up_to_the_first_other_word():
    assert redact("my name is jane smith").text == "my name is [name]"
    assert redact("my name is jane and i").text == "my name is [name] and i"
    assert redact("my name is not important").counts == {}
    assert redact("my name is on the list").counts == {}


def test_a_short_uk_number_after_0044_is_not_a_phone_number():
    assert redact("code 0044 1234").counts == {}


@pytest.mark.parametrize(
    ("cell", "text", "counts"),
    [
        ("Li Wei", "[name]", {"name": 1}),
        ("aoife ní bhriain", "[name]", {"name": 1}),
        ("Mr Zbigniew Wojcik", "[name]", {"name": 1}),
        ("a@example.com", "[email address]", {"email": 1}),
        ("Jo a@example.com", "[name]", {"email": 1, "name": 1}),
        ("[name]", "[name]", {}),
        ("", "", {}),
    ],
)
def test_whole_name_takes_the_whole_cell_as_one_name(cell, text, counts):
    found = redact(cell, whole_name=True)
    assert (found.text, found.counts) == (text, counts)
    again = redact(found.text, whole_name=True)
    assert (again.text, again.counts) == (found.text, {})


def test_redact_keeps_the_title_and_the_sentence():
    assert redact("Dr Sarah Smith at my surgery").text == "Dr [name] at my surgery"
    assert redact("My name is John Brown. Thanks").text == "My name is [name]. Thanks"


@pytest.mark.parametrize(
    "text",
    [
        "A&E at Bournemouth was packed on Monday 3 March 2024 and the GP said ring 111.",
        "It cost £1,250.50 to park; Ward 10 and ward B2 3rd floor; call 999 or NHS 111.",
        "Poole Hospital, Victoria Hospital, Grace Ward and the Nurse Practitioner were great.",
        "I am British and I'm Retired. I am 82. The 0800 123 4567 helpline was closed.",
        "Appointments 12/03/2024 at 10:30; 2019-2020 figures; reference 4857773456.",
        "Thanks, Bournemouth hospital staff were wonderful.",
        "Covid19 in 2020, the A35 and M27 roads, CAMHS and MIU in Swanage.",
    ],
)
def test_redact_leaves_ordinary_nhs_prose_alone(text):
    assert redact(text) == redact(text).__class__(text, {})


def test_an_invalid_ten_digit_number_is_a_phone_only_if_it_looks_like_one():
    """Decision (see the module): a number failing Modulus 11 is not an NHS number; it is a
    phone number when it starts 01/02/03/07, and otherwise left as written."""
    assert redact("9434765918").counts == {}
    assert redact("0134765918").counts == {"phone": 1}
    assert redact("943 476 5918").text == "943 476 5918"


def test_redact_empty_text():
    assert redact("").text == "" and redact("").counts == {}


_EMAIL = re.compile(r"[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TEN = re.compile(r"(?<!\d)(?:\d{10}|\d{3}([ -])\d{3}\1\d{4})(?!\d)")
_PIECES = st.one_of(
    st.sampled_from(
        [
            "jo@example.com",
            "a.b@example.org",
            VALID_NHS,
            "9434765919",
            "07700 900123",
            "BH21 1AA",
            "bh1 1aa",
            "Dr Smith",
            "Sarah Jones",
            "My name is Ann Lee",
            "my name is ann lee",
            "0044 7700 900123",
            "I'm Omar",
            "Thanks, Sarah",
            "A&E",
            "111",
            "Ward 10",
            "£1,200",
            "Monday",
            " ",
            "\n",
            ". ",
            ", ",
        ]
    ),
    st.text(alphabet="abcdefghijkABCDEFGHIJK0123456789 .,@-+()'\n&£", max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_redact_is_idempotent_and_leaves_no_email_or_valid_nhs_number(text):
    once = redact(text)
    assert redact(once.text).text == once.text
    assert redact(once.text).counts == {}
    assert not _EMAIL.search(once.text)
    assert not [m for m in _TEN.finditer(once.text) if valid_one(m.group(0))]
