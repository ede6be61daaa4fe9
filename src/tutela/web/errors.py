"""The server-error page: translated, with the site's navigation.

Django renders 500.html without the request (so that a broken database or context processor
cannot fail the error page too). The navigation needs the request and the reader, so this
handler tries the full page first and falls back to the same template without them.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    template = loader.get_template("500.html")
    try:
        body = template.render({}, request)
    except Exception:  # the page that reports an error must not fail with it
        logger.exception("The full error page failed; answering with the plain one")
        body = template.render({"user": None, "request": None})
    return HttpResponseServerError(body)
