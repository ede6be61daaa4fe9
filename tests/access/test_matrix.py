"""Every page and action × every role × every access level, against the documented policy."""

from __future__ import annotations

import pytest

from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment, photo_upload, value
from tutela.access.models import AccessGrant, Membership, Organisation, Role
from tutela.monitoring.actions import do_review
from tutela.monitoring.models import ReviewStatus

pytestmark = pytest.mark.django_db

LEVELS = ["public", "registered", "restricted", "confidential"]
ROLES = [
    "anonymous",
    "viewer",
    "contributor",
    "reviewer",
    "editor",
    "programme officer",
    "administrator",
    "granted viewer",
]
LON, LAT = 44.345678, 41.765432


def exists(role: str, level: str) -> bool:
    if level == "public" or level == "restricted":
        return True
    if level == "registered":
        return role != "anonymous"
    return role in {"editor", "administrator", "granted viewer"}


def exact(role: str, level: str) -> bool:
    if level in {"public", "registered"}:
        return exists(role, level)
    return role in {"editor", "administrator", "granted viewer"}


def contributes(role: str) -> bool:
    return role in {"contributor", "reviewer", "editor", "administrator"}


def reviews(role: str) -> bool:
    return role in {"reviewer", "administrator"}


def person(role: str, site):
    if role == "anonymous":
        return None
    if role == "administrator":
        from django.contrib.auth.models import User

        return User.objects.create_superuser("root", password="x")
    roles = {"contributor": ["contributor"], "reviewer": ["reviewer"], "editor": ["editor"]}
    user = make_person(role.replace(" ", "_"), *roles.get(role, []))
    if role in {"programme officer", "granted viewer"}:
        organisation = Organisation(name=f"{role} org")
        organisation.save()
        member_role = Role.PROGRAMME_OFFICER if role == "programme officer" else Role.VIEWER
        Membership(user=user, organisation=organisation, role=member_role).save()
        if role == "granted viewer":
            AccessGrant(site=site, organisation=organisation).save()
    return user


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_pages_and_actions_follow_the_policy(client, role, level):
    filer = make_person("filer", "contributor")
    checker = make_person("checker", "reviewer")
    site = make_site([("Church under test", "en")], LON, LAT, access=level)
    verified = file_assessment(
        site,
        filer,
        uploads=[photo_upload(lon=LON, lat=LAT)],
        values=[value("eamena-condition", "poor")],
    )
    do_review(verified, "under-review", by=checker)
    do_review(verified, "verified", by=checker)
    pending = file_assessment(site, filer)
    reader = person(role, site)
    if reader is not None:
        client.force_login(reader)
    evidence = verified.evidence.get()
    shows = exists(role, level)

    page = client.get(f"/sites/{site.ulid}/")
    assert page.status_code == (200 if shows else 404)
    listed = client.get("/sites/").content.decode()
    assert ("Church under test" in listed) == shows
    geojson = client.get("/ogc/collections/sites/items?limit=1000").content.decode()
    assert (site.ulid in geojson) == shows
    assert ("44.345678" in geojson) == exact(role, level)
    if shows:
        assert ("44.345678" in page.content.decode()) == exact(role, level)

    assert client.get(f"/assessments/{verified.pk}/").status_code == (200 if shows else 404)
    evidence_page = client.get(f"/evidence/{evidence.ulid}/")
    assert evidence_page.status_code == (200 if shows else 404)
    original = client.get(f"/evidence/{evidence.ulid}/original")
    if reader is None:
        assert original.status_code == 302
    elif not shows:
        assert original.status_code == 404
    else:
        may_download = contributes(role) and exact(role, level) or role == "administrator"
        assert original.status_code == (200 if may_download else 403)

    form = client.get(f"/sites/{site.ulid}/assess/")
    if reader is None:
        assert form.status_code == 302
    elif not contributes(role):
        assert form.status_code == 403
    else:
        assert form.status_code == (200 if shows else 404)

    step = client.post(f"/assessments/{pending.pk}/review/", {"to_status": "under-review"})
    pending.refresh_from_db()
    took_step = pending.status == ReviewStatus.UNDER_REVIEW
    assert took_step == (reviews(role) and shows)
    if reader is None:
        assert step.status_code == 302 and step["Location"].startswith("/login/")
    elif not took_step:
        assert step.status_code in (403, 404)
