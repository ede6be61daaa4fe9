"""Login, and the account security pages: set up or remove an authenticator app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutela.accounts import actions, totp
from tutela.accounts.forms import ConfirmDeviceForm, LoginForm, RemoveDeviceForm
from tutela.accounts.models import TOTPDevice
from tutela.accounts.policy import confirmed_device, may_require_second_factor, must_enrol
from tutela.core.http import SignedInRequest


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"


def _security_page(
    request: SignedInRequest, remove_form: RemoveDeviceForm | None = None
) -> HttpResponse:
    user = request.user
    device = TOTPDevice.objects.filter(user=user).first()
    confirmed = device if device is not None and device.confirmed else None
    if confirmed is not None and remove_form is None:
        remove_form = RemoveDeviceForm(user, confirmed, request)
    return render(
        request,
        "accounts/security.html",
        {
            "device": confirmed,
            "enrolment_started": device is not None and not device.confirmed,
            "required": may_require_second_factor(user),
            "remove_form": remove_form,
        },
    )


@never_cache
@login_required
@require_GET
def security(request: SignedInRequest) -> HttpResponse:
    return _security_page(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: SignedInRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        messages.info(
            request, _("Two-step login is already on. Remove the app first to replace it.")
        )
        return redirect("account-security")
    if request.method == "POST" and "new-secret" in request.POST:
        actions.do_restart_enrolment(request.user)
        return redirect("account-totp-enrol")
    device = actions.do_start_enrolment(request.user)
    form = ConfirmDeviceForm(
        request.user, device, request, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        actions.do_confirm_device(device)
        messages.success(
            request, _("Two-step login is on. From now on, logging in asks for a code.")
        )
        return redirect("account-security")
    uri = totp.provisioning_uri(
        device.secret, f"{request.user.get_username()}@{request.get_host()}"
    )
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": totp.grouped(device.secret),
            "uri": uri,
            "qr_code": totp.qr_code_data_uri(uri),
            "must_enrol": must_enrol(request.user),
        },
    )


@never_cache
@login_required
@require_POST
def remove(request: SignedInRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect("account-security")
    form = RemoveDeviceForm(request.user, device, request, data=request.POST)
    if not form.is_valid():
        return _security_page(request, remove_form=form)
    actions.do_remove_device(request.user)
    messages.success(request, _("Two-step login is off. Logging in asks for your password only."))
    return redirect("account-security")
