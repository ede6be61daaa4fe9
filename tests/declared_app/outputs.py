from django.urls import reverse

from tutela.access.outputs import LeakCase, leak_part, register

SECRET_PLAQUE = "Plaque Zx-9q of the sealed crypt"


def make_plaques(case: LeakCase) -> dict[str, list[str]]:
    from tests.declared_app.models import Plaque

    plaques = [
        Plaque.objects.create(site=case.restricted_site, text="Plaque of the hidden icon"),
        Plaque.objects.create(site=case.confidential_site, text=SECRET_PLAQUE),
    ]
    case.records["plaques"] = plaques
    return {"confidential": [SECRET_PLAQUE]}


leak_part("plaques", make_plaques)
register("declared:plaque-list", lambda case: [reverse("declared:plaque-list")])
