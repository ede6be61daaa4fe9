from django.urls import reverse

from tutela.access.outputs import register


def _each(name, records, field="pk"):
    return [reverse(name, args=[getattr(record, field)]) for record in records]


register(
    "monitoring:assessment-detail",
    lambda case: _each("monitoring:assessment-detail", case.assessments),
)
register("monitoring:incident-list", lambda case: [reverse("monitoring:incident-list")])
register(
    "monitoring:incident-detail", lambda case: _each("monitoring:incident-detail", case.incidents)
)
register("monitoring:review-queue", lambda case: [reverse("monitoring:review-queue")])
register("monitoring:my-submissions", lambda case: [reverse("monitoring:my-submissions")])
register(
    "monitoring:assessment-new",
    lambda case: [
        reverse("monitoring:assessment-new", args=[case.restricted_site.ulid]),
        reverse("monitoring:assessment-new", args=[case.confidential_site.ulid]),
    ],
)
register(
    "monitoring:incident-new",
    lambda case: [
        reverse("monitoring:incident-new") + f"?site={case.restricted_site.ulid}",
        reverse("monitoring:incident-new") + f"?site={case.confidential_site.ulid}",
    ],
)
register("monitoring:claim-new", lambda case: _each("monitoring:claim-new", case.incidents))
# POST-only steps: a GET answers 405 and carries nothing; listed so the register is complete.
register(
    "monitoring:review-assessment",
    lambda case: _each("monitoring:review-assessment", case.assessments),
)
register("monitoring:review-claim", lambda case: _each("monitoring:review-claim", case.claims))
register(
    "monitoring:take-assessment",
    lambda case: _each("monitoring:take-assessment", case.assessments),
)
register("monitoring:take-claim", lambda case: _each("monitoring:take-claim", case.claims))
