"""History pages in the leak test: they show exact locations, so only restorers may see them."""

from django.urls import NoReverseMatch, reverse

from tutela.access.outputs import LeakCase, register


def _records(case: LeakCase) -> list[tuple[str, str, object]]:
    return [
        ("registry", "site", case.restricted_site.pk),
        ("registry", "site", case.confidential_site.pk),
        *(("monitoring", "assessment", record.pk) for record in case.assessments),
        *(("monitoring", "incident", record.pk) for record in case.incidents),
        *(("monitoring", "claim", record.pk) for record in case.claims),
        *(("evidence", "evidence", record.pk) for record in case.evidence),
    ]


def _installed() -> bool:
    """Whether the project's urls.py includes tutela.history.urls yet."""
    try:
        reverse("history:record", args=["registry", "site", 1])
    except NoReverseMatch:
        return False
    return True


def _history_pages(case: LeakCase) -> list[str]:
    if not _installed():
        return []
    pages = []
    for app_label, model, pk in _records(case):
        page = reverse("history:record", args=[app_label, model, pk])
        pages += [page, f"{page}?at=2999-01-01T00:00"]
    return pages


def _restore_addresses(case: LeakCase) -> list[str]:
    # POST only: a GET is refused without a body, and a POST needs the capability too.
    if not _installed():
        return []
    return [
        reverse("history:restore", args=[app_label, model, pk, 1])
        for app_label, model, pk in _records(case)
    ]


register("history:record", _history_pages)
register("history:restore", _restore_addresses)
