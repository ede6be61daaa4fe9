"""``Refused``: a request Tutela will not carry out, with the HTTP status that answers it.

Raised anywhere below an output, by whatever finds the problem (the site filter, a bounding
box, the review workflow, an upload's checks, an exporter), and answered by each output in its
own format: the API's JSON error, OGC API's exception document, the export download's plain
text, the command line's red line. So nothing below an output builds a response, and every
output answers every refusal with the same status and the same sentence (pygeoapi's habit:
its provider errors carry their status).
"""

from __future__ import annotations

__all__ = ["Refused"]


class Refused(Exception):
    """``message`` is a sentence for a person, saying what is wrong and what to do instead;
    ``status`` is the HTTP status an output answers with; ``field`` names the
    parameter or field the refusal concerns, when it concerns one."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
