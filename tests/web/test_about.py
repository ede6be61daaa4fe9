"""The About page: how records are made, and where to ask for an account."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_links_to_the_method_and_it_names_the_contact(client) -> None:
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("web:about") in home
    with override_settings(TUTELA_CONTACT_EMAIL="heritage@example.org"):
        about = client.get(reverse("web:about")).content.decode()
    assert 'href="mailto:heritage@example.org"' in about
    assert "Protected locations" in about
    assert "GeoNames" in about


def test_without_a_contact_it_says_whom_to_ask(client) -> None:
    about = client.get(reverse("web:about"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "mailto:" not in about
    assert "the organisation that runs this Tutela" in about
