from django.db import migrations, models


class Migration(migrations.Migration):
    """Existing accounts start without: nothing recorded says who typed their password. A person
    counts in the team voice again after setting their own password through a link sent to them
    (the team voice page offers to send one)."""

    dependencies = [
        ("accounts", "0002_sign_in_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="own_credentials_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
