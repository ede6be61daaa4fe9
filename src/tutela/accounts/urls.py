"""Login, logout and the account security pages (URL names without a namespace: ``login`` and
``logout`` are what Django's LOGIN_URL and the templates already use)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tutela.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/security/", views.security, name="account-security"),
    path("account/security/authenticator/", views.enrol, name="account-totp-enrol"),
    path("account/security/authenticator/remove/", views.remove, name="account-totp-remove"),
]
