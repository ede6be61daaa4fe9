"""Outputs of the project and event pages and the portfolios.

Every project and event of the leak case is fetched by every reader of the leak test: the
public project covers the restricted and the confidential site and is submitted to the public
event, beside a confidential project, so its page, its forms and both portfolios (the PDF
decoded as its reader would read it) must show neither the confidential site nor the
restricted one's exact place, nor the records a reader may not see.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tutela.access.outputs import LeakCase, register


def _each(url_name: str, records: str) -> Callable[[LeakCase], list[str]]:
    def build(case: LeakCase) -> list[str]:
        return [reverse(url_name, args=[record.pk]) for record in getattr(case, records)]

    return build


def _page(url_name: str) -> Callable[[LeakCase], list[str]]:
    return lambda case: [reverse(url_name)]


def _milestones(case: LeakCase) -> list[str]:
    from tutela.cooperation.models import Milestone

    milestones = Milestone.objects.filter(project__in=case.projects).order_by("id")
    return [reverse("cooperation:milestone-done", args=[milestone.pk]) for milestone in milestones]


def _site_removals(case: LeakCase) -> list[str]:
    # POST only: a GET answers 405 and carries nothing; listed so the register is complete.
    return [
        reverse("cooperation:project-site-remove", args=[project.pk, site.ulid])
        for project in case.projects
        for site in (case.restricted_site, case.confidential_site)
    ]


register("cooperation:project-list", _page("cooperation:project-list"))
register("cooperation:project-new", _page("cooperation:project-new"))
for _name in (
    "project-detail",
    "project-edit",
    "project-sites",
    "project-milestone-add",
    "project-budget-add",
    "project-risk-add",
):
    register(f"cooperation:{_name}", _each(f"cooperation:{_name}", "projects"))
register("cooperation:project-site-remove", _site_removals)
register("cooperation:milestone-done", _milestones)

register("cooperation:event-list", _page("cooperation:event-list"))
register("cooperation:event-new", _page("cooperation:event-new"))
for _name in (
    "event-detail",
    "event-edit",
    "event-submit",
    "event-portfolio",
    "event-portfolio-pdf",
):
    register(f"cooperation:{_name}", _each(f"cooperation:{_name}", "events"))
