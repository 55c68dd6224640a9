"""Managers' escalations of an unanswered boundary note named its author ("A boundary note
from {about} has not been reviewed…", ``about`` = the author). The author had done nothing
late (issue 15, item 12): new escalations name the supervisor whose reply is late. Those
already sent keep what happened and lose who wrote the note. Reversing changes nothing back.
"""

from django.db import migrations

OLD = "A boundary note from {about} has not been reviewed by its supervisor yet."
NEW = "A boundary note in your team waited longer than it should for a supervisor's reply."


def forget_authors(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(kind="boundary_review_escalated", message_template=OLD).update(
        message_template=NEW, about=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("boundaries", "0003_talk_when_labels_and_no_default_risk"),
        ("notifications", "0004_name_people_in_existing_notifications"),
    ]

    operations = [migrations.RunPython(forget_authors, migrations.RunPython.noop)]
