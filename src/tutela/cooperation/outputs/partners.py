"""Outputs of the partner, agreement, engagement and follow-up pages.

The leak case's public agreement covers both protected sites and has a confidential party; its
public meeting had that party present; its overdue follow-up and milestone belong to records
linked to them. Every page below is fetched with those records (and their filters) so none may
name the confidential site, the restricted site's place or a hidden partner."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse

from tutela.access.outputs import LeakCase, register

Builder = Callable[[LeakCase], list[str]]


def _each(url_name: str, records: str) -> Builder:
    def build(case: LeakCase) -> list[str]:
        return _pairs(url_name, getattr(case, records))

    return build


def _one(url_name: str, *queries: str) -> Builder:
    def build(case: LeakCase) -> list[str]:
        url = reverse(f"cooperation:{url_name}")
        return [url, *(f"{url}?{query}" for query in queries)]

    return build


def _partner_filtered(url_name: str) -> Builder:
    """The page as a whole and narrowed to each partner of the case (hidden one included)."""

    def build(case: LeakCase) -> list[str]:
        url = reverse(f"cooperation:{url_name}")
        return [url, *(f"{url}?partner={partner.pk}" for partner in case.partners)]

    return build


def _documents(case: LeakCase) -> list[str]:
    return [
        reverse("cooperation:agreement-document", args=[agreement.pk, document.ulid])
        for agreement in case.agreements
        for document in agreement.documents.all()
    ]


def _contacts(case: LeakCase) -> list[str]:
    return [
        reverse("cooperation:partner-contact-remove", args=[contact.partner_id, contact.pk])
        for contact in case.contacts
    ]


def _pairs(url_name: str, records: Iterable[Any]) -> list[str]:
    return [reverse(f"cooperation:{url_name}", args=[record.pk]) for record in records]


register("cooperation:partner-list", _one("partner-list", "kind=religious", "q=Pc-5x"))
register("cooperation:partner-detail", _each("partner-detail", "partners"))
register("cooperation:partner-new", _one("partner-new"))
register("cooperation:partner-edit", _each("partner-edit", "partners"))
register(
    "cooperation:agreement-list",
    _one("agreement-list", "field=heritage-protection", "kind=cooperation", "status=draft"),
)
register("cooperation:agreement-detail", _each("agreement-detail", "agreements"))
register("cooperation:agreement-new", _one("agreement-new"))
register("cooperation:agreement-edit", _each("agreement-edit", "agreements"))
register("cooperation:agreement-document", _documents)
register("cooperation:engagement-list", _one("engagement-list", "kind=meeting"))
register("cooperation:engagement-detail", _each("engagement-detail", "engagements"))
register("cooperation:engagement-new", _one("engagement-new"))
register("cooperation:engagement-edit", _each("engagement-edit", "engagements"))
register("cooperation:follow-up", _partner_filtered("follow-up"))
register("cooperation:follow-up-csv", _partner_filtered("follow-up-csv"))
register("cooperation:follow-up-ics", _partner_filtered("follow-up-ics"))
# POST-only steps: a GET answers 405 and carries nothing; listed so the register is complete.
register("cooperation:partner-contact-add", _each("partner-contact-add", "partners"))
register("cooperation:partner-contact-remove", _contacts)
register("cooperation:partner-identifier-add", _each("partner-identifier-add", "partners"))
register(
    "cooperation:partner-identifier-remove",
    lambda case: [
        reverse("cooperation:partner-identifier-remove", args=[partner.pk, 0])
        for partner in case.partners
    ],
)
register("cooperation:follow-up-add", _each("follow-up-add", "engagements"))
register("cooperation:follow-up-done", lambda case: _pairs("follow-up-done", case.follow_ups))
