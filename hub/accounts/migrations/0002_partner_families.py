"""Create the six partner families and their groups. Re-running changes nothing."""

from django.db import migrations


def create_families(apps, schema_editor):
    from hub.accounts.families import FAMILIES, group_name

    Group = apps.get_model("auth", "Group")
    PartnerFamily = apps.get_model("accounts", "PartnerFamily")
    for order, family in enumerate(FAMILIES, start=1):
        group, _ = Group.objects.get_or_create(name=group_name(family))
        PartnerFamily.objects.update_or_create(
            slug=family["slug"],
            defaults={
                "group": group,
                "name": family["name"],
                "description": family["description"],
                "examples": family["examples"],
                "sort_order": order,
            },
        )


def remove_families(apps, schema_editor):
    from hub.accounts.families import FAMILIES, group_name

    Group = apps.get_model("auth", "Group")
    PartnerFamily = apps.get_model("accounts", "PartnerFamily")
    slugs = [family["slug"] for family in FAMILIES]
    PartnerFamily.objects.filter(slug__in=slugs).delete()
    Group.objects.filter(name__in=[group_name(family) for family in FAMILIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_families, remove_families)]
