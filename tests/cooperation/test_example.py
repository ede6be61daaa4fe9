"""The demo's cooperation example: made once, marked as example data, outcomes measured."""

from __future__ import annotations

from tests.conftest import make_site
from tests.cooperation.factories import make_officer
from tutela.cooperation.examples import load_cooperation_example
from tutela.cooperation.models import Agreement, Engagement, Event, Partner, Project
from tutela.cooperation.outcomes import IMPROVED, NOT_MEASURED, UNCHANGED, measure


def test_it_makes_the_example_once_and_marks_it(people):
    for n in range(3):
        make_site([(f"Example church {n}", "en")], 44.5 + n / 10, 41.7)
    officer = make_officer()
    assert load_cooperation_example(officer, people["assessor"], people["reviewer"]) > 0
    assert load_cooperation_example(officer, people["assessor"], people["reviewer"]) == 0
    for model in (Partner, Agreement, Engagement, Project, Event):
        assert not model.objects.filter(is_example=False).exists(), model
    assert all(
        name.startswith("Example") for name in Partner.objects.values_list("name", flat=True)
    )
    project = Project.objects.get()
    changes = [outcome.change for outcome in measure(project, people["viewer"]).sites]
    assert changes == [IMPROVED, UNCHANGED, NOT_MEASURED]
    assert Event.objects.get().projects.get() == project
    assert Agreement.objects.get().documents.count() == 1
