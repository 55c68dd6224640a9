from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _snapshot():
    """Every row of every pspteam model, with its updated_at where it has one."""
    rows = {}
    for model in apps.get_models():
        if not model.__module__.startswith("apps."):
            continue
        values = ["pk"] + (["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else [])
        rows[model._meta.label] = sorted(map(str, model.objects.values_list(*values)))
    return rows


def test_seed_demo_prints_sign_ins_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo-manager" in out.getvalue() and "peer-support-demo" in out.getvalue()
    first = _snapshot()
    assert first["accounts.User"] and first["teams.Team"]

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert _snapshot() == first


def test_demo_manager_sees_the_team_page(client):
    from apps.accounts.models import User
    from apps.teams.models import Team

    call_command("seed_demo", stdout=StringIO())
    client.force_login(User.objects.get(username="demo-manager"))
    team = Team.objects.get(name="Riverside Community Team")
    response = client.get(f"/teams/{team.pk}/")
    assert response.status_code == 200
    assert b"Pat Lindqvist" in response.content and b"Add a member" in response.content


def test_the_demo_line_manager_reads_none_of_the_peers_private_text_and_the_peer_supervisor_does(api):
    """Issue 13: demo-manager's line agreement over demo-peer used to read the boundary note
    about being sectioned and the check-in shared "with my supervisor"."""
    from apps.accounts.models import User
    from apps.boundaries.models import BoundaryNote
    from apps.wellbeing.models import CheckIn

    call_command("seed_demo", stdout=StringIO())
    note = BoundaryNote.objects.get(situation__contains="sectioned")
    check_in = CheckIn.objects.get(share_with_supervisor=True, author__username="demo-peer")
    manager = User.objects.get(username="demo-manager")
    supervisor = User.objects.get(username="demo-supervisor")
    for user, reads in ((manager, False), (supervisor, True)):
        client = api.as_(user)
        assert (client.get(f"/api/v1/boundary-notes/{note.pk}/").status_code == 200) is reads
        shared = client.get("/api/v1/wellbeing/check-ins/", {"shared_with_me": "true"}).json()["results"]
        assert (str(check_in.pk) in {row["id"] for row in shared}) is reads
        reflections = client.get("/api/v1/reflections/", {"visibility": "supervisor", "page_size": 100}).json()
        assert bool(reflections["results"]) is reads


def test_demo_notes_name_their_readers_and_the_reviewed_one_is_linked_to_the_latest_peer_session():
    """Boundaries seeds the notes, supervision (seeded after them) links the reviewed one to its
    session: the demo data is the same as when boundaries read agreements itself (issue 14)."""
    from apps.boundaries.models import BoundaryNote
    from apps.supervision.models import Agreement

    call_command("seed_demo", stdout=StringIO())
    readers = {
        (note.author.username, note.status): sorted(r.username for r in note.readers.all())
        for note in BoundaryNote.objects.select_related("author")
    }
    assert readers[("demo-peer3", "submitted")] == ["demo-clinician"]  # clinical supervision only
    assert readers[("demo-peer", "reviewed")] == ["demo-supervisor"]
    reviewed = BoundaryNote.objects.get(status=BoundaryNote.Status.REVIEWED)
    agreement = Agreement.objects.get(
        supervisee__username="demo-peer", supervisor__username="demo-supervisor", kind=Agreement.Kind.PEER
    )
    latest = agreement.sessions.order_by("-held_on").first()
    assert list(reviewed.sessions.all()) == [latest]
