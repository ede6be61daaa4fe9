"""Django's ``capfirst`` without capital letters in Georgian.

Django upper-cases the first letter of every form label (``Field.formfield`` →
``capfirst(verbose_name)``), of admin headings and columns, and wherever a template says
``|capfirst``. Since Unicode 11, Python maps the Georgian letters in ordinary use (Mkhedruli,
U+10D0–U+10FF) to Mtavruli capitals (U+1C90–U+1CBF), so "მომხმარებლის სახელი" became
"Მომხმარებლის სახელი": a letter form Georgian uses only for all-capital headings, never for the
first letter of a sentence. Georgian writing has no case, so the first letter is left as it is.

``install`` changes the code of Django's two ``capfirst`` functions in place rather than
re-binding names: Django's modules import ``capfirst`` by name (``from django.utils.text import
capfirst``) at their import, and lazy labels made before start-up (``capfirst`` of a lazy
``verbose_name`` at class creation) hold the function itself, so only the function's own code
reaches all of them, whatever the import order.
"""

from __future__ import annotations

from typing import Any

from django.template import defaultfilters
from django.utils import text

# The code below runs with django.utils.text's (or defaultfilters') globals, so it may use
# builtins only: no names of this module.


def capfirst(x: Any) -> Any:
    """The text with its first letter upper-cased, unless that letter is Georgian Mkhedruli."""
    if not x:
        return x
    if not isinstance(x, str):
        x = str(x)
    if "\u10d0" <= x[0] <= "\u10ff":
        return x
    return x[0].upper() + x[1:]


def install() -> None:
    """Give Django's ``capfirst`` (the utility and the template filter) the code above."""
    for wrapper in (text.capfirst, defaultfilters.capfirst):
        # keep_lazy_text and stringfilter both wrap with functools.wraps: __wrapped__ is the
        # function that does the work, the one lazy labels and registered filters call.
        function = getattr(wrapper, "__wrapped__")  # noqa: B009  # not in the stubs' types
        if function.__code__ is not capfirst.__code__:
            function.__code__ = capfirst.__code__
