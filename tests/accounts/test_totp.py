"""The TOTP helper: RFC 6238 codes, accepted drift, and codes that work once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from tests.accounts.conftest import SECRET, give_device
from tutela.accounts.totp import (
    Check,
    check_code,
    grouped,
    matching_step,
    new_secret,
    normalise_code,
    provisioning_uri,
)

MOMENT = datetime(2025, 3, 4, 12, 0, 10, tzinfo=UTC)


def code_at(moment: datetime) -> str:
    return pyotp.TOTP(SECRET).at(moment)


def test_it_agrees_with_the_rfc_6238_test_vector():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); its last 6 are the 6-digit code.
    rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    moment = datetime.fromtimestamp(59, tz=UTC)
    assert matching_step(rfc_secret, "287082", moment) == 1


def test_a_code_is_good_for_its_step_and_one_either_side():
    assert matching_step(SECRET, code_at(MOMENT), MOMENT) is not None
    assert matching_step(SECRET, code_at(MOMENT - timedelta(seconds=30)), MOMENT) is not None
    assert matching_step(SECRET, code_at(MOMENT + timedelta(seconds=30)), MOMENT) is not None
    assert matching_step(SECRET, code_at(MOMENT - timedelta(seconds=61)), MOMENT) is None


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", None])
def test_anything_but_six_digits_is_not_a_code(typed):
    assert matching_step(SECRET, typed, MOMENT) is None


def test_spaces_and_dashes_people_type_are_ignored():
    assert normalise_code(" 123 456 ") == "123456"
    assert normalise_code("123-456") == "123456"


@pytest.mark.django_db
def test_a_code_works_once_and_an_older_one_not_after_it(viewer):
    device = give_device(viewer)
    assert check_code(device, code_at(MOMENT), MOMENT) is Check.ACCEPTED
    assert check_code(device, code_at(MOMENT), MOMENT) is Check.REUSED
    earlier = MOMENT - timedelta(seconds=30)
    assert check_code(device, code_at(earlier), MOMENT) is Check.REUSED
    later = MOMENT + timedelta(seconds=30)
    assert check_code(device, code_at(later), later) is Check.ACCEPTED
    assert check_code(device, "000000" if code_at(later) != "000000" else "1" * 6, later) in (
        Check.WRONG,
        Check.REUSED,
    )


@pytest.mark.django_db
def test_a_stale_copy_of_the_device_cannot_reuse_a_code(viewer):
    """Two server processes each hold the device; the database decides which one wins."""
    from tutela.accounts.models import TOTPDevice

    give_device(viewer)
    first, second = TOTPDevice.objects.get(), TOTPDevice.objects.get()
    assert check_code(first, code_at(MOMENT), MOMENT) is Check.ACCEPTED
    assert check_code(second, code_at(MOMENT), MOMENT) is Check.REUSED


def test_secrets_are_160_bits_of_base32():
    secret = new_secret()
    assert len(secret) == 32 and secret.isupper()
    assert secret != new_secret()


def test_the_uri_names_the_issuer_and_account():
    assert provisioning_uri(SECRET, "ana@tutela.example.org") == (
        f"otpauth://totp/Tutela:ana%40tutela.example.org?secret={SECRET}&issuer=Tutela"
    )


def test_the_secret_is_shown_in_groups_of_four():
    assert grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"
