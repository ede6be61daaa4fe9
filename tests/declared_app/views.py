from django.http import HttpRequest, JsonResponse

from tests.declared_app.models import Plaque
from tutela.access.policy import site_condition


def plaque_list(request: HttpRequest) -> JsonResponse:
    """Plaques of the sites the reader may see, with where the site is if shown exactly."""
    plaques = Plaque.objects.filter(site_condition(request.user, "site__"), deleted_at=None)
    return JsonResponse({"plaques": [plaque.text for plaque in plaques]})
