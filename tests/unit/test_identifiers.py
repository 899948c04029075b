from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standards.iso6346 import check_digit, container_problem, is_valid, normalise_container
from standards.mrn import mrn_problem, with_check_character
from workstation.domain.plates import normalise_plate


@pytest.mark.parametrize("code", ["CSQU3054383", "MSKU9070323", "BEAU2656931", "TRHU1700369"])
def test_known_valid_container_numbers(code: str) -> None:
    assert is_valid(code)


def test_label_that_fails_the_check_digit_is_reported_not_corrected() -> None:
    problem = container_problem("WEGU6047895")
    assert problem is not None and "check digit" in problem and "expected 0" in problem


def test_container_check_digit_known_value() -> None:
    # Worked example of ISO 6346 Annex A.
    assert check_digit("CSQU305438") == 3


def test_container_normalisation() -> None:
    assert normalise_container("csqu 305438-3") == "CSQU3054383"


@given(st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
       st.sampled_from("UJZ"), st.text(alphabet=string.digits, min_size=6, max_size=6))
def test_any_single_substitution_of_the_check_digit_is_detected(owner: str, cat: str,
                                                                serial: str) -> None:
    body = owner + cat + serial
    good = body + str(check_digit(body))
    assert is_valid(good)
    for digit in string.digits:
        if digit != good[-1]:
            assert not is_valid(body + digit)


def test_mrn_from_the_referral_example_verifies() -> None:
    assert mrn_problem("23GB000246IF9W5YJ0") is None


@pytest.mark.parametrize(("mrn", "expected"), [
    ("23GB000246IF9W5YJ1", "check character"),
    ("23GB000246IF9W5YJ", "17 characters"),
    ("2XGB000246IF9W5YJ0", "year"),
])
def test_bad_mrns_say_what_is_wrong(mrn: str, expected: str) -> None:
    problem = mrn_problem(mrn)
    assert problem is not None and expected in problem


@given(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=12, max_size=12))
def test_generated_mrns_verify(middle: str) -> None:
    assert mrn_problem(with_check_character("26NL" + middle + "A")) is None


def test_plate_normalisation() -> None:
    assert normalise_plate(" pp-587 ao ") == "PP587AO"
