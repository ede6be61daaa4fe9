"""``tutela export OUT.xml --format iati [--as USERNAME]``: the reader's IATI file, written in
the process as the other commands' tests run them."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.cooperation.factories import make_world
from tests.cooperation.test_iati import invalid
from tutela.cli import main
from tutela.cooperation import actions
from tutela.cooperation.models import Project
from tutela.history.models import AuditEntry


def run(*arguments: str) -> int:
    with pytest.raises(SystemExit) as exited:
        main(["export", *arguments])
    return exited.value.code


@pytest.fixture
def world(people):
    return make_world(people["assessor"])


def test_it_writes_a_valid_file_as_an_anonymous_reader_by_default(world, tmp_path, capsys):
    out = tmp_path / "activities.xml"
    assert run(str(out), "--format", "iati") == 0
    assert invalid(out.read_bytes()) == []
    assert etree.parse(str(out)).findall("iati-activity/budget") == []
    err = capsys.readouterr().err
    assert "anonymous reader: the public view" in err
    assert "Wrote 1 IATI activity to activities.xml" in err


def test_it_writes_what_another_reader_sees(world, tmp_path):
    out = tmp_path / "activities.xml"
    assert run(str(out), "--format", "iati", "--as", "officer") == 0
    assert len(etree.parse(str(out)).findall("iati-activity/budget")) == 2
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.detail["file"], entry.actor_id) == (
        "export",
        "activities.xml",
        world.officer.pk,
    )


def test_it_links_agreements_at_the_base_url_given(world, tmp_path):
    out = tmp_path / "activities.xml"
    assert run(str(out), "--format", "iati", "--base-url", "https://heritage.example/") == 0
    [link] = etree.parse(str(out)).findall("iati-activity/document-link")
    assert link.get("url") == f"https://heritage.example/agreements/{world.agreement.pk}/"


def test_it_says_which_projects_it_left_out_and_why(world, tmp_path, capsys):
    project = Project(
        code="TRN-2026-02",
        title="Training of caretakers",
        kind="training",
        starts_on=world.project.starts_on,
        ends_on=world.project.ends_on,
    )
    actions.do_save_project(project, [(world.ministry, "implementing")], by=world.officer)
    assert run(str(tmp_path / "activities.xml"), "--format", "iati") == 0
    assert "Project TRN-2026-02 is not included: it has no reporting partner" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--as", "nobody"], "--as: there is no active user 'nobody'"),
        (["--type", "church"], "--format iati exports projects: the site filter options"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(world, tmp_path, capsys, arguments, message):
    assert run(str(tmp_path / "activities.xml"), "--format", "iati", *arguments) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_to_write_a_file_without_activities(world, tmp_path, capsys):
    world.project.reporting_partner = None
    actions.do_save(world.project, by=world.officer)
    assert run(str(tmp_path / "activities.xml"), "--format", "iati") == 1
    assert "No project you see can be an IATI activity" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
