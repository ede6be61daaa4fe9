"""Cooperation records around the leak case's two protected sites.

What a cooperation record may reveal is its own, not a site's: programme officers see every
record (level "cooperation"), but no cooperation output may show the confidential site, or the
restricted site's exact place, to a reader the access policy hides them from. So the public
project and the public agreement cover both protected sites, have verified assessments there
to measure, and are submitted to a public event; the restricted and confidential records are
marked so the test finds them wherever they appear.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from tutela.access.outputs import LeakCase, Secrets, leak_part, secret_level

COOPERATION = "cooperation"
CONTACT = ("Contact Ct-2h", "ct-2h.contact@partner.example")
PARTNER = "Partner Pc-5x"
AGREEMENT = "Agreement Ac-6j"
MEETING = "Meeting Mt-8r"
BUDGET = "Budget Bg-3k"
PROJECT = "Project Pj-7n"
# A restricted budget's amount, as any language might write it. Digits no coordinate of the
# case holds (the restricted site lies at 41.987654: an amount of 987654 would be found there).
AMOUNT = 613579
AMOUNT_WRITTEN = ["613579", "613,579", "613 579", "613\xa0579", "613\u202f579", "613.579"]


def _sees_cooperation(reader: object) -> bool:
    from tutela.cooperation.access import runs_programmes

    return runs_programmes(reader)  # type: ignore[arg-type]


def make_cooperation(case: LeakCase) -> Secrets:
    from django.contrib.auth.models import User

    from tutela.cooperation import actions
    from tutela.cooperation.models import (
        Agreement,
        BudgetLine,
        Contact,
        Engagement,
        Event,
        FollowUp,
        Milestone,
        Partner,
        Project,
    )
    from tutela.evidence.actions import Upload

    officer = User.objects.create_superuser("leak_case_programme_officer")
    today = date.today()
    ministry = Partner(
        name="Ministry of culture (leak case)",
        kind="government",
        country="GE",
        iati_identifier="XM-TEST-LEAK",
    )
    hidden = Partner(name=PARTNER, kind="religious", access_level="confidential")
    for partner in (ministry, hidden):
        actions.do_save(partner, by=officer)
    contact = Contact(partner=ministry, name=CONTACT[0], email=CONTACT[1])
    actions.do_save(contact, by=officer)
    sites = [case.restricted_site, case.confidential_site]
    covering = actions.do_save_agreement(
        Agreement(title="Agreement on the protected sites", kind="memorandum", status="draft"),
        [ministry, hidden],
        sites,
        [Upload(io.BytesIO(b"%PDF-1.4 leak case agreement"), "agreement.pdf", "document")],
        by=officer,
    )
    secret_agreement = actions.do_save_agreement(
        Agreement(title=AGREEMENT, kind="cooperation", access_level="confidential"),
        [ministry, hidden],
        by=officer,
    )
    project = Project(
        code="LEAK-PUB",
        title="Documentation of the protected sites",
        kind="documentation",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=60),
        # Published to IATI, so the IATI export holds an activity at the protected sites.
        reporting_partner=ministry,
    )
    actions.do_save_project(project, [(ministry, "funding"), (hidden, "implementing")], by=officer)
    actions.do_link_sites(project, sites, by=officer)
    actions.do_add_budget_line(
        BudgetLine(
            project=project,
            source=ministry,
            amount=AMOUNT,
            currency="GEL",
            period_start=project.starts_on,
            period_end=project.ends_on,
            note=BUDGET,
        ),
        by=officer,
    )
    actions.do_save(
        Milestone(project=project, title="Survey done", due_on=today - timedelta(days=1)),
        by=officer,
    )
    secret_project = Project(
        code="LEAK-CONF",
        title=PROJECT,
        kind="place-of-worship-security",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
        access_level="confidential",
    )
    actions.do_save_project(secret_project, [(hidden, "implementing")], by=officer)
    actions.do_link_sites(secret_project, sites, by=officer)
    meeting = actions.do_save_engagement(
        Engagement(title="Partners' meeting", kind="meeting", held_on=today, online=True),
        [ministry, hidden],
        [covering],
        [project],
        by=officer,
    )
    secret_meeting = actions.do_save_engagement(
        Engagement(
            title=MEETING, kind="meeting", held_on=today, online=True, access_level="restricted"
        ),
        [hidden],
        by=officer,
    )
    follow_up = FollowUp(
        engagement=meeting, action="Send the survey", owner=ministry, due_on=today - timedelta(1)
    )
    actions.do_save(follow_up, by=officer)
    event = Event(title="Forum (leak case)", kind="forum", starts_on=today)
    actions.do_save(event, by=officer)
    actions.do_submit_project(event, project, today, by=officer)
    actions.do_submit_project(event, secret_project, today, by=officer)
    case.records.update(
        partners=[ministry, hidden],
        contacts=[contact],
        agreements=[covering, secret_agreement],
        engagements=[meeting, secret_meeting],
        follow_ups=[follow_up],
        projects=[project, secret_project],
        events=[event],
    )
    return {COOPERATION: [*CONTACT, PARTNER, AGREEMENT, MEETING, BUDGET, PROJECT, *AMOUNT_WRITTEN]}


secret_level(COOPERATION, _sees_cooperation)
leak_part("cooperation", make_cooperation)
