from django.urls import reverse

from tutela.access.outputs import register


def _each(name):
    return lambda case: [reverse(name, args=[item.ulid]) for item in case.evidence]


register("evidence:detail", _each("evidence:detail"))
register("evidence:thumbnail", _each("evidence:thumbnail"))
register("evidence:public-copy", _each("evidence:public-copy"))
register("evidence:original", _each("evidence:original"))
