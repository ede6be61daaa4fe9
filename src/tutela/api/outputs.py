"""Every API address joins the leak test (tests/access/test_leaks.py; docs/access.md).

Each builder asks for the restricted and the confidential site of the leak case and for the
monitoring records and evidence attached to them, as lists, filtered lists and single records.
Write-only operations share their address with a read (a GET there is the read), or answer a
GET with a JSON 405 that carries nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from tutela.access.outputs import LeakCase, exempt, register
from tutela.api.routes.vocabularies import VOCABULARIES


def _sites(case: LeakCase) -> list:
    return [case.restricted_site, case.confidential_site]


def _site_urls(name: str):
    return lambda case: [reverse(name, args=[site.ulid]) for site in _sites(case)]


def _record_urls(name: str, attribute: str):
    return lambda case: [reverse(name, args=[record.pk]) for record in getattr(case, attribute)]


def _site_list(case: LeakCase) -> list[str]:
    base = reverse("api:site-list")
    restricted, confidential = case.restricted_site, case.confidential_site
    lon, lat = restricted.point.x, restricted.point.y
    near = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    far = f"{confidential.point.x - 0.001},{confidential.point.y - 0.001},"
    far += f"{confidential.point.x + 0.001},{confidential.point.y + 0.001}"
    return [
        base,
        f"{base}?q=hidden",
        f"{base}?q=relic",
        f"{base}?bbox={near}",
        f"{base}?bbox={far}",
        f"{base}?bbox=40,40,50,50",
        f"{base}?limit=1",
        f"{base}?access_level=confidential",
    ]


def _search(case: LeakCase) -> list[str]:
    """The protected sites' names typed as readers type them: in part, in Cyrillic, misspelt,
    with the map's view centred on the restricted site's exact point."""
    base = reverse("api:site-search")
    point = case.restricted_site.point
    near = f"{point.x},{point.y}"
    typed = ["hidden", "relic", "Хидден релик", "hiden icon", "chapel", "church of the hidden"]
    titles = [incident.title for incident in case.records.get("incidents", [])][:2]
    return [
        *(f"{base}?{urlencode({'q': text})}" for text in [*typed, *titles]),
        f"{base}?q=hidden&near={near}&limit=50",
        f"{base}?q=hidden&bbox={point.x - 0.01},{point.y - 0.01},{point.x + 0.01},{point.y + 0.01}",
    ]


def _names(case: LeakCase) -> list[str]:
    urls = _site_urls("api:name-list")(case)
    for site in _sites(case):
        for name in site.names.all():
            urls.append(reverse("api:name-detail", args=[site.ulid, name.pk]))
    return urls


def _filtered(name: str, parameter: str, values) -> list[str]:
    base = reverse(name)
    return [base, *(f"{base}?{parameter}={value}" for value in values)]


def _evidence_urls(name: str):
    return lambda case: [reverse(name, args=[item.ulid]) for item in case.evidence]


register("api:site-list", _site_list)
register("api:site-create", _site_list)  # POST /sites; a GET there is the list
register("api:site-detail", _site_urls("api:site-detail"))
register("api:site-search", _search)
register("api:site-update", _site_urls("api:site-detail"))
register("api:site-delete", _site_urls("api:site-detail"))
register("api:name-list", _names)
register("api:name-create", _names)
register("api:name-detail", _names)
register("api:name-update", _names)
register("api:name-delete", _names)
register(
    "api:assessment-list",
    lambda case: (
        _filtered("api:assessment-list", "site", [s.ulid for s in _sites(case)])
        + [reverse("api:assessment-list") + "?scheme_value=eamena-condition:poor"]
    ),
)
register("api:assessment-create", lambda case: [reverse("api:assessment-create")])
register("api:assessment-detail", _record_urls("api:assessment-detail", "assessments"))
register("api:assessment-review", _record_urls("api:assessment-review", "assessments"))
register(
    "api:incident-list",
    lambda case: _filtered("api:incident-list", "site", [s.ulid for s in _sites(case)]),
)
register("api:incident-create", lambda case: [reverse("api:incident-create")])
register("api:incident-detail", _record_urls("api:incident-detail", "incidents"))
register(
    "api:claim-list",
    lambda case: _filtered("api:claim-list", "incident", [i.pk for i in case.incidents]),
)
register("api:claim-create", lambda case: [reverse("api:claim-create")])
register("api:claim-detail", _record_urls("api:claim-detail", "claims"))
register("api:claim-review", _record_urls("api:claim-review", "claims"))
register(
    "api:evidence-list",
    lambda case: _filtered("api:evidence-list", "site", [s.ulid for s in _sites(case)]),
)
register("api:evidence-detail", _evidence_urls("api:evidence-detail"))
register("api:evidence-original", _evidence_urls("api:evidence-original"))
register("api:vocabulary-index", lambda case: [reverse("api:vocabulary-index")])
register(
    "api:vocabulary-detail",
    lambda case: [reverse("api:vocabulary-detail", args=[name]) for name in VOCABULARIES],
)
register("api:openapi-json", lambda case: [reverse("api:openapi-json")])
register("api:openapi-view", lambda case: [reverse("api:openapi-view")])
exempt("api:api-root", "links to the OpenAPI document and the docs page only")
exempt("api:unknown", "the JSON 404 for addresses the API does not have")


# --- cooperation (routes/partners.py, agreements.py, projects.py, events.py) --------------
# The leak case's cooperation part (cooperation/outputs/case.py): a public project and a public
# agreement covering both protected sites, a confidential partner, agreement and project, a
# restricted contact and budget line. Lists are asked filtered by those sites and partners too.


def _with_queries(name: str, queries: list[str]) -> list[str]:
    base = reverse(name)
    return [base, *(f"{base}?{query}" for query in queries)]


def _partner_queries(case: LeakCase) -> list[str]:
    return [f"partner={partner.pk}" for partner in case.partners]


def _partner_list(case: LeakCase) -> list[str]:
    queries = ["kind=religious", "kind=government", "country=GE", "limit=1"]
    return _with_queries("api:partner-list", queries)


def _agreement_list(case: LeakCase) -> list[str]:
    queries = ["kind=cooperation", "status=draft", "limit=1", *_partner_queries(case)]
    return _with_queries("api:agreement-list", queries)


def _project_list(case: LeakCase) -> list[str]:
    queries = [
        "kind=place-of-worship-security",
        "status=planned",
        "limit=1",
        *_partner_queries(case),
        *(f"site={site.ulid}" for site in _sites(case)),
    ]
    return _with_queries("api:project-list", queries)


def _event_list(case: LeakCase) -> list[str]:
    return _with_queries("api:event-list", ["kind=forum", "limit=1"])


register("api:partner-list", _partner_list)
register("api:partner-create", _partner_list)  # POST /partners; a GET there is the list
register("api:partner-detail", _record_urls("api:partner-detail", "partners"))
register("api:partner-update", _record_urls("api:partner-detail", "partners"))
register("api:agreement-list", _agreement_list)
register("api:agreement-create", _agreement_list)
register("api:agreement-detail", _record_urls("api:agreement-detail", "agreements"))
register("api:project-list", _project_list)
register("api:project-create", _project_list)
register("api:project-detail", _record_urls("api:project-detail", "projects"))
register("api:project-update", _record_urls("api:project-detail", "projects"))
# POST-only addresses: a GET there is a JSON 405 that carries nothing.
register("api:project-sites", _record_urls("api:project-sites", "projects"))
register("api:project-milestones", _record_urls("api:project-milestones", "projects"))
register("api:project-budget-lines", _record_urls("api:project-budget-lines", "projects"))
register("api:event-list", _event_list)
register("api:event-create", _event_list)
register("api:event-detail", _record_urls("api:event-detail", "events"))
register("api:event-submit", _record_urls("api:event-submit", "events"))
