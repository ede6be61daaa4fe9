"""The registry's part of the leak test: a contact point on each protected site.

A site's contact point (registry.models.Site.contact_*) is personal data that only registry
editors and no-strike lists show, so it is a secret from every reader the leak test plays,
whatever the site's access level: the restricted site exists for all of them, so any public
output that showed contact points would show this one.
"""

from __future__ import annotations

from tutela.access.outputs import LeakCase, Secrets, leak_part

# Marked like the leak case's witnesses (tests/access/leak_case.py): a letter that is no hex
# digit beside the hyphen, so no hash, ULID or token holds the marker by chance.
CONTACT_POINTS = {
    "restricted": (
        "Eka Ct-5h, site guardian",
        "Diocesan office Co-2k",
        "+995 32 271 55 09",
        "ct-5h.guardian@contact.example",
    ),
    "confidential": (
        "Davit Ct-8r, keeper",
        "Community trust Co-6n",
        "+995 32 284 61 37",
        "ct-8r.keeper@contact.example",
    ),
}


def _contact_points(case: LeakCase) -> Secrets:
    needles = []
    for level, site in (
        ("restricted", case.restricted_site),
        ("confidential", case.confidential_site),
    ):
        name, organisation, phone, email = CONTACT_POINTS[level]
        site.contact_name, site.contact_organisation = name, organisation
        site.contact_phone, site.contact_email = phone, email
        site.save()
        needles += [name, organisation, phone, email]
    return {"contact-point": needles}


leak_part("contact_points", _contact_points)
