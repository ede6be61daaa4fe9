"""Login in two steps (password, then authenticator code), throttled; and re-authentication.

One ``LoginForm`` serves both the site's login page and the admin's (``admin.site.login_form``),
inside Django's own ``LoginView``: the form decides its step from the session, so the same
URL takes the password first and the code next, and the view logs in only when the form is
valid, which it is only after the last step the account needs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from tutela.access.roles import Capability, can
from tutela.accounts import signals
from tutela.accounts.actions import (
    do_record_failed_login,
    do_record_login,
    do_refuse_locked_login,
)
from tutela.accounts.addresses import client_address
from tutela.accounts.models import LoginAttempt, TOTPDevice
from tutela.accounts.policy import confirmed_device
from tutela.accounts.throttle import lockout_for
from tutela.accounts.totp import Check, check_code

# A password accepted but not yet followed by a code; kept in the session for a few minutes.
PENDING_KEY = "accounts:pending-login"
PENDING_FOR = timedelta(minutes=5)
START_OVER = "start-over"


def read_pending(request: HttpRequest | None) -> dict[str, Any] | None:
    if request is None or not hasattr(request, "session"):
        return None
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    started = datetime.fromisoformat(pending["started"])
    if timezone.now() - started > PENDING_FOR:
        clear_pending(request)
        return None
    return pending


def start_pending(request: HttpRequest, user: User) -> None:
    # A new session key, so a session id planted before the password cannot be the one
    # the code completes (login() cycles it again at the end).
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "username": user.get_username(),
        "backend": user.backend,  # type: ignore[attr-defined]  # set by authenticate()
        # Changes with the password: a password reset in between ends the waiting step.
        "auth_hash": user.get_session_auth_hash(),
        "started": timezone.now().isoformat(),
    }


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"),
        help_text=_("The 6-digit code your authenticator app shows for Tutela."),
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 8,
            }
        ),
    )


class LoginForm(AuthenticationForm):
    """Password step, then, for an account with an authenticator app, the code step."""

    code = code_field()

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name and password do not match. Check them and try again."),
        "code_required": _("Enter the code from your authenticator app to finish logging in."),
        "wrong_code": _(
            "That code is not right, or it has been used already. Wait for the next code "
            "your app shows and enter it."
        ),
        "expired": _("The login took too long. Enter your user name and password again."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True
        self._fields_of = {
            "password": {name: self.fields[name] for name in ("username", "password")},
            "code": {"code": self.fields["code"]},
        }
        self.address = client_address(request)
        if request is not None and not self.is_bound and START_OVER in request.GET:
            clear_pending(request)
        self.pending = read_pending(request)
        if self.is_bound:
            # The step the visitor answered, not the one the session is at: a fresh password
            # submission starts over (another tab, or another account).
            answering_code = "code" in self.data and "username" not in self.data
            self._use_step("code" if self.pending and answering_code else "password")
        else:
            self._use_step("code" if self.pending else "password")

    def _use_step(self, step: str) -> None:
        self.step = step
        self.fields = dict(self._fields_of[step])

    def _session_request(self) -> HttpRequest:
        # The code step keeps its state in the session: a form made without a request
        # (request=None) never reaches it.
        if self.request is None:
            raise TypeError("the two-step login needs the request")
        return self.request

    def _start_over(self) -> None:
        clear_pending(self._session_request())
        self.pending = None
        self._use_step("password")

    @property
    def pending_username(self) -> str:
        return self.pending["username"] if self.pending else ""

    @property
    def problems(self) -> list[str]:
        """Errors to show as errors; the prompt for a code is not one."""
        return [
            message
            for error in self.non_field_errors().as_data()
            if error.code != "code_required"
            for message in error.messages
        ]

    def refuse(self, code: str) -> ValidationError:
        return ValidationError(self.error_messages[code], code=code)

    @sensitive_variables("password")
    def clean(self) -> dict[str, Any]:
        if self.step == "code":
            return self._clean_code()
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        lockout = lockout_for(username, self.address)
        if lockout:
            do_refuse_locked_login(username, self.address, lockout)
            raise ValidationError(lockout.message(), code="locked")
        # authenticate(); a failure is counted by receivers.count_failed_login.
        super().clean()
        user = self.user_cache
        if user is None:  # not reached: super().clean() refuses a login that found nobody
            raise self.get_invalid_login_error()
        if confirmed_device(user) is not None:
            self.user_cache = None
            start_pending(self._session_request(), user)
            self.pending = read_pending(self.request)
            self._use_step("code")
            raise self.refuse("code_required")
        do_record_login(user, self.address, LoginAttempt.Stage.PASSWORD)
        return self.cleaned_data

    def _clean_code(self) -> dict[str, Any]:
        pending = self.pending
        if pending is None:  # not reached: the code step is taken only with a pending login
            raise self.refuse("expired")
        username = pending["username"]
        lockout = lockout_for(username, self.address)
        if lockout:
            self._start_over()
            do_refuse_locked_login(username, self.address, lockout)
            raise ValidationError(lockout.message(), code="locked")
        user = get_user_model()._default_manager.filter(pk=pending["user"]).first()
        device = confirmed_device(user) if user is not None else None
        if (
            user is None
            or device is None
            or not user.is_active
            # The password changed since it was entered: start again with the new one.
            or user.get_session_auth_hash() != pending["auth_hash"]
        ):
            self._start_over()
            raise self.refuse("expired")
        if "code" not in self.cleaned_data:
            return self.cleaned_data  # empty: the field says so, and nothing was tried
        result = check_code(device, self.cleaned_data["code"])
        if result is not Check.ACCEPTED:
            reason = (
                signals.REASON_REUSED_CODE if result is Check.REUSED else signals.REASON_WRONG_CODE
            )
            do_record_failed_login(username, self.address, LoginAttempt.Stage.CODE, reason)
            # The bound POST QueryDict, which django-stubs types as a read-only Mapping.
            data = self.data.copy()  # type: ignore[attr-defined]
            data["code"] = ""  # an empty box for the next code, not the refused one
            self.data = data
            raise self.refuse("wrong_code")
        self.confirm_login_allowed(user)
        user.backend = pending["backend"]  # type: ignore[attr-defined]  # as authenticate() sets it
        self.user_cache = user
        clear_pending(self._session_request())
        do_record_login(user, self.address, LoginAttempt.Stage.CODE)
        return self.cleaned_data


class AdminLoginForm(LoginForm):
    """The same two steps for the admin, which also requires a role that uses it."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": AdminAuthenticationForm.error_messages["invalid_login"],
    }
    required_css_class = "required"

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not can(user, Capability.USE_ADMIN):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class ReauthenticationForm(forms.Form):
    """Password and a code again before the second factor changes (a stolen session is not
    enough to replace or remove it)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = code_field()
    count_wrong_codes = True

    def __init__(
        self,
        user: User,
        device: TOTPDevice,
        request: HttpRequest,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.device, self.request = user, device, request
        self.address = client_address(request)

    @sensitive_variables("password")
    def clean(self) -> dict[str, Any]:
        password = self.cleaned_data.get("password")
        code = self.cleaned_data.get("code")
        if not password or not code:
            return self.cleaned_data
        username = self.user.get_username()
        lockout = lockout_for(username, self.address)
        if lockout:
            do_refuse_locked_login(username, self.address, lockout)
            raise ValidationError(lockout.message(), code="locked")
        # Through authenticate(), so that a wrong password counts like one at login.
        if authenticate(self.request, username=username, password=password) is None:
            self.add_error("password", _("That is not your password."))
            return self.cleaned_data
        result = check_code(self.device, code)
        if result is not Check.ACCEPTED:
            if self.count_wrong_codes:
                reason = (
                    signals.REASON_REUSED_CODE
                    if result is Check.REUSED
                    else signals.REASON_WRONG_CODE
                )
                do_record_failed_login(username, self.address, LoginAttempt.Stage.CODE, reason)
            self.add_error(
                "code",
                _(
                    "That code is not right. Check that the phone's clock is right and "
                    "enter the code the app shows now."
                ),
            )
        return self.cleaned_data


class ConfirmDeviceForm(ReauthenticationForm):
    # The secret is on the person's screen: counting their typing mistakes protects nothing.
    count_wrong_codes = False


class RemoveDeviceForm(ReauthenticationForm):
    pass
