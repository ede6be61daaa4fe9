from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

from tutela.registry.languages import _FOLD_TABLE, fold_for_search


def refold(apps, schema_editor) -> None:
    """Search keys made before the fold applied its table after stripping marks kept æ or ø
    from ǣ, ǽ or ǿ (which the fold now turns into ae and o). Only keys holding a letter the
    table maps can be stale; history's baseline records a version for each one rewritten."""
    Name = apps.get_model("registry", "Name")
    letters = [chr(code) for code, to in _FOLD_TABLE.items() if to and chr(code).isalpha()]
    stale = []
    for name in Name.objects.filter(reduce(or_, (Q(folded__contains=c) for c in letters))):
        folded = fold_for_search(name.text)[:500]
        if folded != name.folded:
            name.folded = folded
            stale.append(name)
    Name.objects.bulk_update(stale, ["folded"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_name_trigram_index"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
