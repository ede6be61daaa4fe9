"""Time-based one-time passwords (RFC 6238), as every common authenticator app makes them.

SHA-1, 6 digits, 30-second steps: the parameters apps assume when a QR code does not say
otherwise. A code is accepted for the current step and one step either side, so a phone
clock half a minute off still works.
"""

from __future__ import annotations

import enum
import hmac
import re
from datetime import datetime

import pyotp
import segno
from django.utils import timezone

from tutela.accounts.models import TOTPDevice

ISSUER = "Tutela"
DIGITS = 6
# Steps either side of the current one that are still accepted (clock drift).
DRIFT = 1

_CODE = re.compile(rf"\d{{{DIGITS}}}")


class Check(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    REUSED = "reused"


def new_secret() -> str:
    """160 random bits in base32, the length RFC 4226 recommends for HMAC-SHA-1."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, account: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The URI as a QR code in an SVG ``data:`` URI: drawn here, no service sees the secret."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, light="#ffffff")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str | None) -> str:
    """Apps show "123 456"; people paste "123-456": keep the digits only."""
    return re.sub(r"[\s-]", "", code or "")


def matching_step(secret: str, code: str | None, now: datetime | None = None) -> int | None:
    """The time step whose code ``code`` is, within the accepted drift, or ``None``."""
    code = normalise_code(code)
    if not _CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS)
    current = totp.timecode(now or timezone.now())
    found = None
    for step in range(current - DRIFT, current + DRIFT + 1):
        # Compare every candidate, in constant time, so timing tells nothing about which matched.
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def check_code(device: TOTPDevice, code: str | None, now: datetime | None = None) -> Check:
    """Check ``code`` against ``device`` and, when right, use it up.

    The step is claimed with a conditional UPDATE, so two requests carrying the same code (two
    server processes, or an attacker racing the owner) cannot both succeed.
    """
    now = now or timezone.now()
    step = matching_step(device.secret, code, now)
    if step is None:
        return Check.WRONG
    claimed = TOTPDevice.objects.filter(pk=device.pk, last_step__lt=step).update(
        last_step=step, last_used_at=now
    )
    if not claimed:
        return Check.REUSED
    device.last_step, device.last_used_at = step, now
    return Check.ACCEPTED
