"""Linked Art JSON-LD (CIDOC-CRM): the selection as one JSON-LD document with an ``@graph``.

The first node is a ``Set`` — the export itself — with its date, the reader's view, the filter
and every source's licence and attribution as statements; each site follows as the same
HumanMadeObject its page answers (web/linked_art.py), ``member_of`` the Set. Its place is the
point the reader may see. The current condition is left out of bulk exports: it is one query
per site, and the site's own URL answers it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

from tutela.interchange.exporters.base import Exporter, Progress
from tutela.interchange.exporters.selection import Export
from tutela.registry.models import Name
from tutela.web.linked_art import CONTEXT, site_as_linked_art


class _Base:
    """What web/linked_art.py asks of a request: absolute addresses on this installation."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def build_absolute_uri(self, location: str) -> str:
        return f"{self.base_url}{location}"


def _statement(base: _Base, code: str, label: str, content: str) -> dict[str, Any]:
    return {
        "type": "LinguisticObject",
        "content": content,
        "classified_as": [
            {
                "id": base.build_absolute_uri(f"/vocabularies/statements/{code}"),
                "type": "Type",
                "_label": label,
            }
        ],
    }


class LinkedArtExporter(Exporter):
    format: ClassVar[str] = "jsonld"
    extension: ClassVar[str] = "jsonld"
    media_type: ClassVar[str] = (
        'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"'
    )
    # Set by the web view from the request; the command line uses the address Tutela serves on.
    base_url: str = ""

    def write(self, export: Export, path: Path, progress: Progress | None = None) -> int:
        base = _Base(self.base_url or f"http://{settings.TUTELA_BIND}")
        meta = export.metadata()
        view = export.view()
        set_id = base.build_absolute_uri(
            f"/export/sites.jsonld#export-{export.exported_at:%Y%m%dT%H%M%S}"
        )
        statements = [
            _statement(
                base,
                "export",
                "Export record",
                f"Exported from Tutela on {meta['exported_at']} by {view['reader']} "
                f"({view['view']} view; filter {json.dumps(meta['filter'], ensure_ascii=False)}). "
                f"{view['note']}",
            )
        ]
        for source in export.all_sources():
            text = "; ".join(
                part
                for part in (
                    source.title,
                    f"licence {source.licence}" if source.licence else "",
                    source.attribution,
                )
                if part
            )
            statements.append(_statement(base, "attribution", "Attribution", text))
        header = {
            "id": set_id,
            "type": "Set",
            "_label": "Heritage sites exported from Tutela",
            "referred_to_by": statements,
        }
        member_of = [{"id": set_id, "type": "Set"}]
        total = export.count()
        written = 0
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(f'{{"@context":{json.dumps(CONTEXT)},"@graph":[\n')
            out.write(json.dumps(header, ensure_ascii=False))
            for batch in export.batches():
                sites = [exported.site for exported in batch]
                prefetch_related_objects(
                    sites,
                    "site_types",
                    "identifiers__scheme",
                    "designations__scheme",
                    "sources",
                    Prefetch("names", queryset=Name.objects.select_related("name_type")),
                )
                for site in sites:
                    # _Base stands in for the request: only build_absolute_uri is asked of it.
                    document = site_as_linked_art(site, base, None)  # type: ignore[arg-type]
                    document.pop("@context", None)
                    document["member_of"] = member_of
                    out.write(",\n")
                    out.write(json.dumps(document, ensure_ascii=False))
                    written += 1
                if progress:
                    progress(written, total)
            out.write("\n]}\n")
        return written
