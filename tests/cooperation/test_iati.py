"""The IATI 2.03 activity file: valid against the IATI schema, and holding only what its reader
may see (partners, budgets, agreements, sites at the location the policy allows), with
outcomes measured, not typed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User
from lxml import etree

from tests.access.decoders import decode_bytes, findings
from tests.access.leak_case import (
    CONFIDENTIAL_NAME,
    RESTRICTED,
    build_leak_case,
    protected_places,
    secrets_for,
    unauthorised_readers,
)
from tests.conftest import make_site
from tests.cooperation.factories import TODAY, World, make_world
from tutela.cooperation import actions, iati_codes
from tutela.cooperation.iati import activities
from tutela.cooperation.models import (
    AgreementKind,
    BudgetStatus,
    PartnerKind,
    PartnerRole,
    Project,
    ProjectStatus,
)
from tutela.cooperation.outcomes import IMPROVED, UNCHANGED, WORSENED, measure
from tutela.spatial.generalise import generalise

# The schema published by the IATI Secretariat (CC BY 4.0), beside the repository.
SCHEMA = Path(__file__).resolve().parents[3] / "shared/data/iati-2.03/iati-activities-schema.xsd"
BASE_URL = "https://tutela.example/"
WORLD_ID = "XM-DAC-41114-DOC-2026-01"


@cache
def schema() -> etree.XMLSchema:
    # It includes iati-common.xsd and imports xml.xsd by relative path, from its own folder;
    # lxml's parser refuses the network, so a reference outside the folder would fail here.
    return etree.XMLSchema(etree.parse(str(SCHEMA), etree.XMLParser(no_network=True)))


def invalid(content: bytes) -> list[str]:
    """The schema's complaints about a document: empty when it is valid."""
    checker = schema()
    checker.validate(etree.fromstring(content))
    return [f"line {error.line}: {error.message}" for error in checker.error_log]


def parsed(reader, base_url: str = BASE_URL) -> etree._Element:
    return etree.fromstring(activities(reader, base_url).xml())


def activity(root: etree._Element, identifier: str = WORLD_ID) -> etree._Element:
    [found] = root.xpath("iati-activity[iati-identifier=$id]", id=identifier)
    return found


@pytest.fixture
def world(people) -> World:
    return make_world(people["assessor"])


def test_it_writes_a_document_the_iati_schema_accepts(world):
    document = activities(world.officer, BASE_URL)
    assert invalid(document.xml()) == []
    root = etree.fromstring(document.xml())
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    assert document.count == len(root.findall("iati-activity")) == 1


def test_it_puts_the_elements_in_the_order_of_the_schema(world):
    """A positive control of the validation: the schema refuses a misplaced element."""
    root = parsed(world.officer)
    found = activity(root)
    found.insert(0, found.find("sector"))
    assert any("sector" in complaint for complaint in invalid(etree.tostring(root)))


def test_it_publishes_the_project_under_its_reporting_partners_identifier(world):
    found = activity(parsed(world.officer))
    reporting = found.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("XM-DAC-41114", "40")
    assert reporting.findtext("narrative") == "UN body (test)"
    assert found.findtext("title/narrative") == "Documentation of three churches"
    assert found.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_it_names_every_partner_with_its_iati_role_and_type(world):
    organisations = activity(parsed(world.officer)).findall("participating-org")
    assert [
        (org.get("role"), org.get("type"), org.get("ref"), org.findtext("narrative"))
        for org in organisations
    ] == [
        ("1", "10", None, "Ministry of Culture (test)"),
        ("2", "40", "XM-DAC-41114", "UN body (test)"),
        ("4", "21", None, "Heritage NGO (test)"),
    ]


def test_it_leaves_out_a_partner_the_reader_may_not_see(world):
    world.ngo.access_level = "confidential"
    actions.do_save(world.ngo, by=world.officer)
    names = activity(parsed(AnonymousUser())).xpath("participating-org/narrative/text()")
    assert names == ["Ministry of Culture (test)", "UN body (test)"]


def test_it_puts_the_project_in_the_dac_sector_culture(world):
    [sector] = activity(parsed(world.officer)).findall("sector")
    assert (sector.get("vocabulary"), sector.get("code"), sector.get("percentage")) == (
        "1",
        "16066",
        "100",
    )


def test_it_gives_a_completed_projects_actual_dates(world):
    found = activity(parsed(world.officer))
    assert found.find("activity-status").get("code") == "4"
    dates = [(d.get("type"), d.get("iso-date")) for d in found.findall("activity-date")]
    project = world.project
    assert dates == [("2", project.starts_on.isoformat()), ("4", project.ends_on.isoformat())]


def test_it_gives_a_planned_projects_planned_dates(world):
    world.project.status = ProjectStatus.PLANNED
    actions.do_save(world.project, by=world.officer)
    found = activity(parsed(world.officer))
    assert [d.get("type") for d in found.findall("activity-date")] == ["1", "3"]


def test_it_gives_an_officer_the_budget_in_each_currency_unconverted(world):
    found = activity(parsed(world.officer))
    budgets = [
        (b.get("type"), b.get("status"), b.find("value").get("currency"), b.findtext("value"))
        for b in found.findall("budget")
    ]
    assert sorted(budgets) == [("1", "2", "EUR", "15000.00"), ("1", "2", "GEL", "120000.00")]
    # Two currencies: no default, each value names its own.
    assert found.get("default-currency") is None


def test_it_declares_the_currency_when_the_project_has_one(world):
    world.project.budget_lines.filter(currency="EUR").delete()
    assert activity(parsed(world.officer)).get("default-currency") == "GEL"


def test_it_gives_an_anonymous_reader_no_budget(world):
    found = activity(parsed(AnonymousUser()))
    assert found.findall("budget") == []
    assert found.get("default-currency") is None


def test_it_locates_each_site_at_its_exact_point_for_whoever_sees_it(world):
    locations = activity(parsed(AnonymousUser())).findall("location")
    assert [location.get("ref") for location in locations] == [s.code for s in world.sites]
    first, site = locations[0], world.sites[0]
    assert first.findtext("point/pos") == f"{site.point.y:.6f} {site.point.x:.6f}"
    assert first.find("point").get("srsName") == "http://www.opengis.net/def/crs/EPSG/0/4326"
    assert first.find("exactness").get("code") == "1"
    assert first.findtext("name/narrative") == "Church of the world test 0"
    assert first.findtext("activity-description/narrative") == "Measured survey"


def test_it_generalises_a_restricted_site_for_an_anonymous_reader(world):
    restricted = make_site([("Church of the hidden icon", "en")], *RESTRICTED, access="restricted")
    actions.do_link_sites(world.project, [restricted], by=world.officer)
    root = parsed(AnonymousUser())
    [location] = activity(root).xpath("location[@ref=$code]", code=restricted.code)
    lon, lat = generalise(*RESTRICTED)
    assert location.findtext("point/pos") == f"{lat:.6f} {lon:.6f}"
    assert location.find("exactness").get("code") == "2"
    exact = f"{RESTRICTED[1]:.6f} {RESTRICTED[0]:.6f}"
    assert exact not in etree.tostring(root).decode()
    assert invalid(etree.tostring(root)) == []


def test_it_gives_the_restricted_sites_exact_point_to_whoever_may_see_it(world, people):
    """An administrator; a programme officer does not: running programmes opens no site."""
    restricted = make_site([("Church of the hidden icon", "en")], *RESTRICTED, access="restricted")
    actions.do_link_sites(world.project, [restricted], by=world.officer)
    found = activity(parsed(people["admin"]))
    [location] = found.xpath("location[@ref=$code]", code=restricted.code)
    assert location.findtext("point/pos") == f"{RESTRICTED[1]:.6f} {RESTRICTED[0]:.6f}"
    assert location.find("exactness").get("code") == "1"


def test_it_leaves_out_a_site_the_reader_may_not_see(world, people):
    hidden = make_site([(CONFIDENTIAL_NAME, "en")], 44.234567, 41.876543, access="confidential")
    actions.do_link_sites(world.project, [hidden], by=people["admin"])
    content = activities(world.officer, BASE_URL).xml().decode()
    assert world.sites[0].code in content
    assert hidden.code not in content and CONFIDENTIAL_NAME not in content
    assert "41.876543" not in content and hidden.ulid not in content


def test_it_gives_the_countries_of_the_sites_from_their_subdivision_codes(world):
    for site, codes in zip(world.sites, ["GE-TB", "GE-IM; GE-KA", "AM-SH"], strict=True):
        site.admin_codes = codes
        site.save()
    found = activity(parsed(world.officer))
    shares = [(c.get("code"), c.get("percentage")) for c in found.findall("recipient-country")]
    assert shares == [("AM", "33.33"), ("GE", "66.67")]
    assert sum(Decimal(share) for _code, share in shares) == 100


def test_it_links_the_agreements_the_project_is_under(world):
    [link] = activity(parsed(world.officer)).findall("document-link")
    assert link.get("url") == f"{BASE_URL}agreements/{world.agreement.pk}/"
    assert link.get("format") == "text/html"
    assert link.findtext("title/narrative") == "Memorandum on safeguarding religious sites"
    assert link.find("category").get("code") == "A09"
    assert link.find("document-date").get("iso-date") == world.agreement.signed_on.isoformat()


def test_it_links_no_agreement_the_reader_may_not_see(world):
    world.agreement.access_level = "restricted"
    actions.do_save(world.agreement, by=world.officer)
    assert activity(parsed(AnonymousUser())).findall("document-link") == []


def test_it_reports_the_outcomes_measured_from_the_sites(world, people):
    reader = people["viewer"]
    outcomes = measure(world.project, reader)
    [result] = activity(parsed(reader)).findall("result")
    assert result.get("type") == "2"
    assert result.findtext("title/narrative") == "Condition of the sites"
    mean, improved, unchanged, worsened = result.findall("indicator")
    counts = {
        IMPROVED: improved.find("period/actual").get("value"),
        UNCHANGED: unchanged.find("period/actual").get("value"),
        WORSENED: worsened.find("period/actual").get("value"),
    }
    assert counts == {change: str(outcomes.totals[change]) for change in counts}
    assert counts == {IMPROVED: "1", UNCHANGED: "1", WORSENED: "0"}
    assert (improved.get("measure"), improved.get("ascending")) == ("1", "1")
    assert worsened.get("ascending") == "0"
    assert improved.find("baseline").get("year") == str(world.project.starts_on.year)
    pairs = [(o.before.level, o.after.level) for o in outcomes.sites if o.change != "not-measured"]
    assert mean.get("ascending") == "0"
    assert Decimal(mean.find("baseline").get("value")) == Decimal(sum(b for b, _ in pairs)) / len(
        pairs
    )
    assert Decimal(mean.find("period/actual").get("value")) == Decimal(
        sum(a for _, a in pairs)
    ) / len(pairs)


def test_it_marks_the_outcome_of_a_running_project_provisional(world):
    world.project.status = ProjectStatus.UNDER_WAY
    world.project.ends_on = TODAY + timedelta(days=30)
    actions.do_save(world.project, by=world.officer)
    root = parsed(world.officer)
    period = activity(root).find("result/indicator/period")
    assert period.find("period-end").get("iso-date") == TODAY.isoformat()
    assert "Provisional" in period.findtext("actual/comment/narrative")
    assert invalid(etree.tostring(root)) == []


def test_it_skips_a_project_without_an_iati_identifier_and_says_why(world):
    unpublished = Project(
        code="TRN-2026-02",
        title="Training of caretakers",
        kind="training",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=90),
        reporting_partner=world.ministry,
    )
    actions.do_save_project(unpublished, [(world.ministry, "implementing")], by=world.officer)
    document = activities(world.officer, BASE_URL)
    assert document.count == 1
    [skipped] = document.skipped
    assert skipped.code == "TRN-2026-02"
    assert skipped.reason == (
        "its reporting partner, Ministry of Culture (test), has no IATI organisation identifier"
    )
    [comment] = [node for node in etree.fromstring(document.xml()) if node.tag is etree.Comment]
    assert "Project TRN-2026-02 is not included: its reporting partner" in comment.text


def test_it_skips_a_project_without_a_reporting_partner(world):
    world.project.reporting_partner = None
    actions.do_save(world.project, by=world.officer)
    document = activities(world.officer, BASE_URL)
    assert document.count == 0
    assert [s.code for s in document.skipped] == ["DOC-2026-01"]
    assert "no reporting partner" in document.skipped[0].reason


def test_it_has_a_code_for_every_choice():
    assert set(iati_codes.ORGANISATION_TYPE) == set(PartnerKind.values)
    assert set(iati_codes.ORGANISATION_ROLE) == set(PartnerRole.values)
    assert set(iati_codes.ACTIVITY_STATUS) == set(ProjectStatus.values)
    assert set(iati_codes.BUDGET_STATUS) == set(BudgetStatus.values)
    assert set(iati_codes.DOCUMENT_CATEGORY) == set(AgreementKind.values)


def test_it_shows_no_reader_a_protected_site_of_the_leak_case(people):
    """The leak case's public project covers the restricted and the confidential site; once
    it has an IATI identifier, the file shows neither to readers who may not see them."""
    case, secrets = build_leak_case(people)
    readers = unauthorised_readers(people)
    project = case.projects[0]
    officer = User.objects.get(username="leak_case_programme_officer")
    funder = project.partner_roles.get(role="funding").partner
    funder.iati_identifier = "XM-TEST-LEAK"
    actions.do_save(funder, by=officer)
    project.reporting_partner = funder
    actions.do_save(project, by=officer)
    leaks = []
    for name, reader in readers.items():
        content = activities(reader or AnonymousUser(), BASE_URL).xml()
        assert f"<iati-identifier>XM-TEST-LEAK-{project.code}<" in content.decode()
        assert invalid(content) == []
        seen = findings(
            decode_bytes(content, "application/xml"),
            secrets_for(secrets, reader),
            protected_places(),
        )
        leaks += [f"{name} sees {found}" for found in seen]
    assert leaks == []
