"""What each filter field selects, on top of what the reader may see, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.site_filter.conftest import RESTRICTED_EXACT, RESTRICTED_SHOWN
from tutela.access.bbox import visible_in_bbox
from tutela.registry.models import Site, SiteType
from tutela.registry.queries import visible_sites
from tutela.site_filter import SiteFilter, apply, parse, selected_sites

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


@pytest.fixture
def found(sample):
    """``found(reader, **params)``: the sample's names of the sites the filter selects."""

    def select(reader, **params) -> set[str]:
        ids = list(selected_sites(reader, parse(params, reader)).values_list("id", flat=True))
        assert len(ids) == len(set(ids)), "a site was repeated"
        return {name for name, site in sample.items() if site.id in ids}

    return select


def days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def test_no_filter_is_what_the_reader_may_see(found, people):
    assert found(ANONYMOUS) == {"gelati", "juma", "hidden", "plain"}
    assert found(people["editor"]) == {"gelati", "juma", "hidden", "relic", "plain"}


def test_name_type_faith_and_code(found, people, sample):
    assert found(ANONYMOUS, name="GELA") == {"gelati"}
    assert found(ANONYMOUS, type="church") == {"gelati", "hidden"}
    assert found(ANONYMOUS, type="church,mosque") == {"gelati", "hidden", "juma"}
    assert found(ANONYMOUS, faith="islam") == {"juma"}
    assert found(ANONYMOUS, faith="christianity,islam") == {"gelati", "hidden", "juma"}
    assert found(ANONYMOUS, code=sample["juma"].code) == {"juma"}
    assert found(people["editor"], code="GE-RELIC") == {"relic"}


def test_a_site_of_two_matching_types_is_one_site(found, sample):
    sample["gelati"].site_types.add(SiteType.objects.get(code="monastery"))
    assert found(ANONYMOUS, type="church,monastery") == {"gelati", "hidden", "plain"}


def test_fields_are_all_required(found):
    assert found(ANONYMOUS, faith="christianity", condition="severe") == {"gelati"}
    assert found(ANONYMOUS, faith="islam", condition="severe") == set()


def test_the_condition_is_the_worst_level_of_the_latest_verified_assessment(found, people):
    assert found(ANONYMOUS, condition="severe") == {"gelati"}  # EAMENA very bad
    # Juma's latest says destroyed (UNOSAT); its older "good" is no longer its condition.
    assert found(ANONYMOUS, condition="destroyed") == {"juma"}
    assert found(ANONYMOUS, condition="none") == set()
    assert found(ANONYMOUS, condition="minor,severe") == {"gelati", "hidden"}


def test_a_condition_is_read_from_the_assessments_the_reader_may_see(found, people):
    # Hidden's newest verified assessment is restricted: the public sees the one before.
    assert found(ANONYMOUS, condition="minor") == {"hidden"}
    assert found(people["editor"], condition="destroyed") == {"juma", "hidden", "relic"}
    assert found(people["editor"], condition="minor") == set()


def test_a_condition_in_a_scheme_is_that_schemes_value_of_the_current_assessment(found, people):
    assert found(ANONYMOUS, condition="eamena-condition:very-bad") == {"gelati"}
    assert found(ANONYMOUS, condition="unosat-damage:destroyed") == {"juma"}
    # Juma was "good" by EAMENA, but that is not its current condition any more.
    assert found(ANONYMOUS, condition="eamena-condition:good") == set()
    assert found(ANONYMOUS, condition_scheme="eamena-condition", condition="fair") == {"hidden"}
    assert found(people["editor"], condition_scheme="eamena-condition", condition="fair") == set()
    # Levels and scheme values together: any of them.
    assert found(ANONYMOUS, condition="severe,unosat-damage:destroyed") == {"gelati", "juma"}


def test_designation(found):
    assert found(ANONYMOUS, designation="world-heritage") == {"gelati"}
    assert found(ANONYMOUS, designation="world-heritage-in-danger") == set()


def test_administrative_area_as_recorded(found):
    assert found(ANONYMOUS, admin_area="IMERETI") == {"gelati"}
    assert found(ANONYMOUS, admin_code="GE") == {"gelati"}  # GE-IM is in GE
    assert found(ANONYMOUS, admin_code="ge-im,az") == {"gelati", "juma"}
    assert found(ANONYMOUS, admin_code="IM") == set()  # not a code of its own


def test_has_incidents_counts_the_incidents_the_reader_may_see(found, people):
    assert found(ANONYMOUS, has_incidents="yes") == {"gelati"}  # Hidden's is restricted
    assert found(ANONYMOUS, has_incidents="no") == {"juma", "hidden", "plain"}
    assert found(people["editor"], has_incidents="yes") == {"gelati", "hidden", "relic"}


def test_assessed_since_and_before_are_the_current_conditions_date(found, people):
    assert found(ANONYMOUS, assessed_since=days_ago(20)) == {"juma"}
    assert found(people["editor"], assessed_since=days_ago(20)) == {"juma", "hidden", "relic"}
    # Juma was assessed 400 days ago too, but its condition is 10 days old.
    assert found(ANONYMOUS, assessed_before=days_ago(60)) == {"gelati"}
    assert found(ANONYMOUS, assessed_since=days_ago(200), assessed_before=days_ago(30)) == {
        "gelati",
        "hidden",
    }


def test_updated_since(found):
    assert found(ANONYMOUS, updated_since="2000-01-01") == {"gelati", "juma", "hidden", "plain"}
    assert found(ANONYMOUS, updated_since=(date.today() + timedelta(days=2)).isoformat()) == set()


def test_access_level_for_privileged_readers(found, people):
    assert found(people["editor"], access_level="confidential,restricted") == {"relic", "hidden"}


def test_a_box_matches_where_the_reader_is_shown_the_site(found, people):
    west, south = RESTRICTED_EXACT
    tight = f"{west - 0.001},{south - 0.001},{west + 0.001},{south + 0.001}"
    assert found(ANONYMOUS, bbox=tight) == set()
    assert found(people["editor"], bbox=tight) == {"hidden"}
    west, south = RESTRICTED_SHOWN
    around_the_cell = f"{west - 0.01},{south - 0.01},{west + 0.01},{south + 0.01}"
    assert found(ANONYMOUS, bbox=around_the_cell) == {"hidden"}


def test_no_filter_and_a_box_alone_add_nothing_to_the_query():
    sites = visible_sites(ANONYMOUS)
    assert str(apply(SiteFilter(), sites, ANONYMOUS).query) == str(sites.query)
    box = (44.0, 41.0, 45.0, 42.0)
    assert str(apply(SiteFilter(bbox=box), sites, ANONYMOUS).query) == str(
        visible_in_bbox(sites, box).query
    )


def test_related_rows_are_asked_in_subqueries_never_joined(people):
    chosen = parse(
        {
            "type": "church",
            "faith": "christianity",
            "condition": "severe,eamena-condition:poor",
            "designation": "world-heritage",
            "has_incidents": "yes",
            "assessed_since": "2020",
            "assessed_before": "2030",
        },
        people["viewer"],
    )
    query = apply(chosen, visible_sites(people["viewer"]), people["viewer"]).query
    joined = [alias for alias, uses in query.alias_refcount.items() if uses]
    assert joined == [Site._meta.db_table]  # the outer query joins nothing
    assert str(query).count("EXISTS") >= 5


def test_it_narrows_the_access_policys_sites_only():
    with pytest.raises(TypeError):
        apply(SiteFilter(), Site.objects.all(), ANONYMOUS)


def test_a_site_without_a_point_is_not_in_any_box(found, sample):
    Site.objects.filter(pk=sample["plain"].pk).update(point=None, public_point=None)
    # The box is the whole world: only the missing point leaves Plain out.
    assert found(ANONYMOUS, bbox="-180,-90,180,90") == {"gelati", "juma", "hidden"}
