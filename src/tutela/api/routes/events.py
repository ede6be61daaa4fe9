"""Events (a forum, a donor conference): list, read, create and submit projects to them
(programme officers). An event lists only the submitted projects the reader may see; its
portfolio is a page and a PDF (/events/<id>/portfolio.pdf), not part of the API.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tutela.access.roles import Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import AccessLevelCode, responses
from tutela.api.errors import ApiError, not_found
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.routes.agreements import ProjectRef
from tutela.api.routes.cooperation import EventKindCode, choice, require_officer
from tutela.api.types import RecordId, TermRef, Text, Text300
from tutela.cooperation import actions
from tutela.cooperation.access import visible_events, visible_projects
from tutela.cooperation.models import Event, EventKind, EventSubmission

router = Router(tags=["events"])


# --- output ------------------------------------------------------------------------------


class SubmissionOut(Schema):
    project: ProjectRef
    submitted_on: date
    note: str


class EventOut(Schema):
    id: int
    title: str
    kind: TermRef
    starts_on: date
    ends_on: date | None
    place: str
    description: str
    projects: list[SubmissionOut] = Field(
        description="The projects submitted to it that the reader may see."
    )
    access_level: AccessLevelCode
    is_example: bool
    created_at: datetime


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


def submission_out(submission: EventSubmission) -> dict:
    project = submission.project
    return {
        "project": {"id": project.id, "code": project.code, "title": project.title},
        "submitted_on": submission.submitted_on,
        "note": submission.note,
    }


def event_out(event: Event) -> dict:
    """From an event of event_details (the submissions the reader may see prefetched)."""
    return {
        "id": event.id,
        "title": event.title,
        "kind": choice(EventKind, event.kind),
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "place": event.place,
        "description": event.description,
        "projects": [
            submission_out(submission)
            for submission in event.shown_submissions  # type: ignore[attr-defined]
        ],
        "access_level": event.access_level,
        "is_example": event.is_example,
        "created_at": event.created_at,
    }


def event_details(reader: Reader, base: QuerySet[Event] | None = None) -> QuerySet[Event]:
    events = visible_events(reader) if base is None else base
    submissions = EventSubmission.objects.filter(
        project__in=visible_projects(reader)
    ).select_related("project")
    return events.prefetch_related(
        Prefetch(
            "submissions",
            queryset=submissions.order_by("submitted_on", "id"),
            to_attr="shown_submissions",
        )
    )


def visible_event(reader: Reader, event_id: int) -> Event:
    event = event_details(reader).filter(pk=event_id).first()
    if event is None:
        raise not_found("event")
    return event


# --- reads -------------------------------------------------------------------------------


class EventFilters(Schema):
    kind: EventKindCode | None = None
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/events",
    response=responses({200: EventPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="event-list",
    summary="List events",
)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> dict:
    reader = reader_of(request)
    events = event_details(reader)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    items, next_url = page(events, request, filters.limit, filters.cursor)
    return {"items": [event_out(event) for event in items], "next": next_url}


@router.get(
    "/events/{event_id}",
    response=responses({200: EventOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="event-detail",
    summary="Read an event and the projects submitted to it",
)
def event_detail(request: HttpRequest, event_id: RecordId) -> dict:
    return event_out(visible_event(reader_of(request), event_id))


# --- writes ------------------------------------------------------------------------------


class EventIn(Schema):
    title: Text300
    kind: EventKindCode
    starts_on: date
    ends_on: date | None = None
    place: Text300 = Field("", description="City, venue, or online.")
    description: Text = ""
    access_level: AccessLevelCode = "public"


@router.post(
    "/events",
    response=responses({201: EventOut}, 403),
    auth=WRITE_AUTH,
    url_name="event-create",
    summary="Create an event (programme officers)",
)
def event_create(request: HttpRequest, payload: EventIn) -> Status:
    user = writer_of(request)
    require_officer(user)
    event = Event(**payload.model_dump())
    actions.do_save(event, by=user)
    return Status(201, event_out(visible_event(user, event.pk)))


class SubmissionIn(Schema):
    project: RecordId = Field(description="A project's id (GET /projects).")
    submitted_on: date | None = Field(None, description="Today when left out.")
    note: Text = ""


@router.post(
    "/events/{event_id}/projects",
    response=responses({201: SubmissionOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="event-submit",
    summary="Submit a project to an event (programme officers)",
)
def event_submit(request: HttpRequest, event_id: RecordId, payload: SubmissionIn) -> Status:
    user = writer_of(request)
    event = visible_event(user, event_id)
    require_officer(user)
    project = visible_projects(user).filter(pk=payload.project).first()
    if project is None:
        raise ApiError(400, f"There is no project {payload.project} that you may see.", "project")
    submission = actions.do_submit_project(
        event, project, payload.submitted_on or date.today(), payload.note, by=user
    )
    return Status(201, submission_out(submission))
