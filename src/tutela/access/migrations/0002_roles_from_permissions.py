"""Roles come from memberships only: turn the flags and permissions that used to grant roles
into memberships, and say what was done.

Until now ``is_staff`` made a user a registry editor, and the permissions ``monitoring.review``
and ``monitoring.contribute`` (given to the user or to one of their groups) made a reviewer and a
contributor. Each such user gets the same role as a membership: in an organisation they already
belong to, else in one made for this, which an administrator can rename or move them out of.
The flags and permissions are left in place but grant nothing any more.

Historical models only: this migration must keep working whatever the live code becomes.
"""

from typing import Any

from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Q

CARRIED_OVER = "Roles carried over from staff flags and permissions"


# Historical models are built at run time from the migration state: typed as Any.
def permission_holders(User: Any, codename: str) -> Any:
    return User.objects.filter(
        Q(user_permissions__content_type__app_label="monitoring", user_permissions__codename=codename)
        | Q(groups__permissions__content_type__app_label="monitoring", groups__permissions__codename=codename)
    ).distinct()


def carry_over(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    Organisation = apps.get_model("access", "Organisation")
    Membership = apps.get_model("access", "Membership")
    wanted: dict[int, set[str]] = {}
    for user in User.objects.filter(is_staff=True, is_superuser=False):
        wanted.setdefault(user.pk, set()).add("editor")
    for codename, role in (("review", "reviewer"), ("contribute", "contributor")):
        for user in permission_holders(User, codename).filter(is_superuser=False):
            wanted.setdefault(user.pk, set()).add(role)
    made = []
    for user in User.objects.filter(pk__in=wanted).order_by("username"):
        existing = Membership.objects.filter(user=user).order_by("pk").first()
        if existing is not None:
            organisation = existing.organisation
        else:
            organisation, _ = Organisation.objects.get_or_create(
                name=CARRIED_OVER, defaults={"kind": "other"}
            )
        for role in sorted(wanted[user.pk]):
            _, created = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=role
            )
            if created:
                made.append(f"{user.username}: {role} in {organisation.name}")
    if made:
        print(f"\n  Roles now come from memberships; {len(made)} made from staff flags and permissions:")
        for line in made:
            print(f"    {line}")


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("monitoring", "0005_assessment_external_reference"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
