"""Look-alike names (issue 13, case 8): keys for usernames and display names, with constraints.

Existing rows, in this order:

* display names are cleaned (control and bidi formatting characters dropped, spaces
  collapsed, trimmed);
* where two current (not left) workers of one organisation share a display-name key, the
  one who joined first keeps the name and each later one becomes "<name> (<username>)";
* usernames cannot be renamed (people sign in with them): where two already share a
  username key, the one who joined first holds the plain key and each later one's key gets
  a private suffix (a newline and its id), which ``User.save()`` keeps while the username
  stays the same. Nothing new can take a look-alike of either.
"""

from django.db import migrations, models
from django.db.models import Q

from apps.accounts import names

LEGACY_SEPARATOR = "\n"  # never part of a key: both keys are built from names without controls


def fill_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken_usernames: set[str] = set()
    taken_display: set[tuple] = set()
    for user in User.objects.order_by("date_joined", "id").iterator():
        user.display_name = names.clean_display_name(user.display_name) or user.username
        key = names.username_key(user.username)
        user.username_key = key if key not in taken_usernames else f"{key}{LEGACY_SEPARATOR}{user.pk}"
        taken_usernames.add(user.username_key)
        display_key = names.display_name_key(user.display_name)
        scope = (user.organisation_id, display_key)
        if user.status != "left" and user.organisation_id is not None:
            if scope in taken_display:
                user.display_name = f"{user.display_name[: 150 - len(user.username) - 3]} ({user.username})"
                display_key = names.display_name_key(user.display_name)
            taken_display.add((user.organisation_id, display_key))
        user.display_name_key = display_key
        user.save(update_fields=["display_name", "username_key", "display_name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_own_credentials_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="user",
            name="display_name_key",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(fields=("username_key",), name="user_username_key_unique"),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=~Q(status="left"),
                fields=("organisation", "display_name_key"),
                name="user_display_name_key_unique_per_org",
            ),
        ),
    ]
