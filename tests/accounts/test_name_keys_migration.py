"""accounts 0004 fills the name keys for existing rows: display names cleaned, a later current
duplicate in one organisation renamed "Name (username)", look-alike usernames that already
existed kept (with a private key suffix), and the constraints in force afterwards."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0003_user_own_credentials_at")]
AFTER = [("accounts", "0004_name_keys")]


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # later migrations too, for the next tests


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_keys_and_later_duplicates_are_told_apart(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Organisation = old_apps.get_model("accounts", "Organisation")
    User = old_apps.get_model("accounts", "User")
    org = Organisation.objects.create(name="Old Trust")
    other = Organisation.objects.create(name="Other Trust")

    def user(username, display_name, organisation=org, **extra):
        return User.objects.create(
            username=username, display_name=display_name, organisation=organisation, password="!", **extra
        )

    first = user("sam", "Sam Smith")
    copy = user("sam2", "sam  smith\u202e")  # a later copy, with a bidi override
    left = user("sam3", "Sam Smith", status="left")  # people who left do not hold the name
    elsewhere = user("sam4", "Sam Smith", organisation=other)
    latin = user("pat", "Pat")
    cyrillic = user("раt", "Pat Other")  # a look-alike username from before the rule

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # On to the latest state, so that today's model (with fields added since) reads the rows
    # 0004 filled; later migrations leave names alone.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from apps.accounts.models import User as NewUser

    rows = {u.pk: u for u in NewUser.objects.all()}
    assert rows[first.pk].display_name == "Sam Smith"
    assert rows[copy.pk].display_name == "sam smith (sam2)"
    assert rows[left.pk].display_name == "Sam Smith" and rows[elsewhere.pk].display_name == "Sam Smith"
    assert rows[latin.pk].username_key == "pat"
    assert rows[cyrillic.pk].username_key.startswith("pat\n") and rows[cyrillic.pk].username == "раt"
    # The legacy key survives a save that keeps the username.
    rows[cyrillic.pk].contracted_hours_per_week = 10
    rows[cyrillic.pk].save()
    rows[cyrillic.pk].refresh_from_db()
    assert rows[cyrillic.pk].username_key.startswith("pat\n")
    # And the rules hold from now on.
    with pytest.raises(IntegrityError), transaction.atomic():
        NewUser.objects.create(username="ＰＡＴ", display_name="Full Width", organisation_id=org.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        NewUser.objects.create(username="samuel", display_name="SAM SMITH", organisation_id=org.pk)
