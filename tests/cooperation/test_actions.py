"""Writes: only programme officers; bad input refused with a sentence and nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from tests.conftest import make_site
from tests.cooperation.factories import make_world
from tutela.cooperation import actions
from tutela.cooperation.models import Agreement, BudgetLine, Milestone, Partner, Project
from tutela.core.errors import Refused
from tutela.history.models import Version


@pytest.fixture
def world(people):
    return make_world(people["assessor"])


def refused(write, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        write(*args, **kwargs)
    return error.value.message_dict


def test_only_programme_officers_write(world, people):
    for who in ("viewer", "editor", "reviewer"):
        with pytest.raises(Refused) as error:
            actions.do_save(Partner(name="Another", kind="ngo"), by=people[who])
        assert error.value.status == 403
    assert not Partner.objects.filter(name="Another").exists()


def test_it_refuses_bad_input_and_saves_nothing(world, people):
    officer, project = world.officer, world.project
    counts = (BudgetLine.objects.count(), Milestone.objects.count(), Agreement.objects.count())
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.9, access="confidential")
    cases = [
        (
            actions.do_add_budget_line,
            BudgetLine(
                project=project,
                amount=10,
                currency="ABC",
                period_start=project.starts_on,
                period_end=project.ends_on,
            ),
            "currency",
            "ABC is not a currency in use",
        ),
        (
            actions.do_save,
            Milestone(project=project, title="Late", due_on=project.ends_on + timedelta(days=1)),
            "due_on",
            "outside the project's dates",
        ),
        (actions.do_save, Partner(name="", kind="ngo"), "name", ""),
    ]
    for write, record, field, sentence in cases:
        errors = refused(write, record, by=officer)
        assert field in errors and sentence in " ".join(errors[field]), errors
    errors = refused(
        actions.do_save_agreement,
        Agreement(
            title="Backwards",
            kind="memorandum",
            signed_on=project.ends_on,
            ends_on=project.starts_on,
        ),
        [world.ministry, world.un_body],
        by=officer,
    )
    assert errors == {"ends_on": ["It cannot end before it is signed."]}
    assert "parties" in refused(
        actions.do_save_agreement,
        Agreement(title="Alone", kind="memorandum"),
        [world.ministry],
        by=officer,
    )
    assert refused(actions.do_link_sites, project, [hidden], by=officer) == {
        "sites": ["No such site, or not one you may see."]
    }
    assert (
        BudgetLine.objects.count(),
        Milestone.objects.count(),
        Agreement.objects.count(),
    ) == counts
    assert project.project_sites.count() == 3


def test_a_project_cannot_move_away_from_its_milestones(world):
    project = Project.objects.get(pk=world.project.pk)
    project.starts_on = project.starts_on + timedelta(days=100)
    errors = refused(actions.do_save_project, project, by=world.officer)
    assert "Survey finished" in errors["ends_on"][0]


def test_every_write_is_kept_in_history(world):
    project = world.project
    project.title = "Documentation of three churches, revised"
    actions.do_save_project(project, [(world.ngo, "implementing")], by=world.officer)
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Project), object_id=str(project.pk)
    )
    assert versions.count() >= 2
    assert versions.order_by("-id").first().actor == world.officer
