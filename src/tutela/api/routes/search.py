"""GET /search: sites by any of their names, in any script, ranked (search/engine.py)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tutela.api.auth import READ_AUTH, READ_SECURITY, reader_of
from tutela.api.common import responses
from tutela.api.geometry import PointGeometry, point_out
from tutela.search.results import MOST_HITS, answer

router = Router(tags=["search"])


class SearchParameters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="What to look for: any name of a site, or an incident's title, in any "
        "script (Шуша finds Shusha and Şuşa); case, accents and small spelling mistakes are "
        "ignored. Every parameter of GET /sites narrows the search too (type, bbox, …).",
    )
    near: str = Field(
        "",
        description='"longitude,latitude", e.g. the map view\'s centre: among equally good '
        "hits, nearer sites first.",
    )
    limit: int = Field(10, ge=1, le=MOST_HITS)


class Matched(Schema):
    text: str = Field(description="The name (or incident title) the text matched.")
    language: str = Field(description='Its language tag; "" for an incident title.')
    source: Literal["name", "incident"]
    match: Literal["exact", "prefix", "word", "part", "words", "fuzzy"] = Field(
        description="How it matched, best first: the whole name, its start, the start of a "
        "word, part of a word, every word in another order, a close spelling."
    )


class SearchHit(Schema):
    id: str = Field(description="The site's stable id (GET /sites/{id}).")
    code: str
    name: str = Field(description="The site's name in the reader's language, where it has one.")
    matched: Matched
    point: PointGeometry | None = Field(
        description="Where the site is shown: a protected site's generalised point."
    )
    distance_km: float | None = Field(description="From near, when it was given.")


class SearchPage(Schema):
    q: str
    items: list[SearchHit]
    message: str | None = Field(description="Why nothing was searched for (too short a text).")


@router.get(
    "/search",
    response=responses({200: SearchPage}, 403),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="site-search",
    summary="Search sites by name",
)
def search(request: HttpRequest, parameters: Query[SearchParameters]) -> dict:
    from django.utils.translation import get_language

    found = answer(request.GET, reader_of(request), default_limit=parameters.limit)
    language = get_language()
    return {
        "q": found.text,
        "message": found.message,
        "items": [
            {
                "id": site.ulid,
                "code": site.code,
                "name": site.display_name(language),
                "matched": {
                    "text": hit.text,
                    "language": hit.language,
                    "source": hit.source,
                    "match": hit.match,
                },
                "point": point_out(site),
                "distance_km": round(hit.distance_km, 1) if hit.distance_km is not None else None,
            }
            for hit, site in found.hits
        ],
    }
