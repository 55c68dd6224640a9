"""The constraints of supervision by consent, in their own migration (and so their own
transaction) after the data migration of 0005: PostgreSQL refuses to ALTER a table with
pending trigger events from rows updated earlier in the same transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_agreement_consent")]

    operations = [
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["proposed", "active"])),
                fields=("supervisee", "supervisor", "kind"),
                name="agreement_one_live_per_pair_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "active"), _negated=True),
                    models.Q(("supervisee_accepted_at__isnull", False), ("supervisor_accepted_at__isnull", False)),
                    _connector="OR",
                ),
                name="agreement_active_needs_both_consents",
            ),
        ),
    ]
