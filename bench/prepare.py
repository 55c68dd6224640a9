"""Sign the benchmark's users in on the run database and write what the clients need to a JSON file.

Run by ``bench/run.py`` (with the run database's ``DATABASE_URL``): API tokens (knox, valid two
hours) for the org admin, a manager, a supervisor and a peer worker, a browser session for the
supervisor's queue page, and the ids the requests name (team, role definition, team members).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.core.capabilities import caps  # noqa: E402
from apps.roles.models import RoleDefinition  # noqa: E402
from apps.teams.models import Membership  # noqa: E402
from bench import generate  # noqa: E402


def token_for(user) -> str:
    return AuthToken.objects.create(user=user, expiry=timedelta(hours=2))[1]


def session_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def check_supervisor_side(supervisor, session: str) -> dict:
    """Refuse to measure empty supervisor-side lists (issue 13 made sharing name people: data
    without reader rows gives a supervisor nothing, and the figures would time an empty page).

    Counts what the benchmark's supervisor reads through the app's own selectors, and asks the
    measured queue page itself, which must list a note to review."""
    from apps.boundaries.selectors import boundary_notes_shared_with, review_queue
    from apps.reflections.selectors import shared_with_me

    counts = {
        "review_queue": review_queue(supervisor).count(),
        "boundary_notes_shared": boundary_notes_shared_with(supervisor).count(),
        "reflections_shared": shared_with_me(supervisor).count(),
    }
    empty = [name for name, n in counts.items() if not n]
    if empty:
        sys.exit(f"bench: the supervisor {supervisor.username} reads nothing in {', '.join(empty)}: {counts}")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    page = client.get(reverse("supervision:queue"))
    # The page links each note awaiting review, the first (highest risk, longest waiting) on top.
    first = reverse("boundaries:note-detail", args=[review_queue(supervisor).first().pk])
    if page.status_code != 200 or first.encode() not in page.content:
        sys.exit(f"bench: the supervisor's queue page does not list their first note (HTTP {page.status_code})")
    return counts


def last_reflection_page(admin: User) -> int:
    """The org admin's last page of the reflection list (the growth table's "last page"): their own
    entries and every published ``team`` entry, 25 a page, as bench/floor.py's query reads them."""
    from django.db.models import Q

    from apps.reflections.models import Reflection

    visible = Reflection.objects.filter(organisation_id=admin.organisation_id).filter(
        Q(author=admin) | Q(is_draft=False, visibility="team")
    )
    return max(1, -(-visible.count() // 25))


def reflection_cursors(admin) -> dict[str, str | None]:
    """The org admin's reflection list pages by cursor (issue 20): the cursors of page 200 (or
    the last page, where there are fewer) and of the last page, given out as the list would."""
    from apps.core.keyset import encode_cursor
    from apps.reflections.api.views import ReflectionViewSet
    from apps.reflections.selectors import reflections_visible_to

    keys = ReflectionViewSet.keyset_keys
    ordered = reflections_visible_to(admin).order_by(*keys)
    total = ordered.count()
    size = 25
    last_start = ((total - 1) // size) * size

    def after(start: int) -> str | None:
        return encode_cursor(ordered[start - 1], keys) if start > 0 else None

    return {"p200": after(min(199 * size, last_start)), "last": after(last_start), "rows": total}


def main(out: str) -> None:
    from apps.core import data_version

    # A run database copied from a template (COPY, no Django write): what a cache holds from an
    # earlier run database of the same name is not this one's data (the team dashboard's cache).
    data_version.bump()
    users = {
        "admin": generate.ADMIN_USERNAME,
        "manager": generate.MANAGER_USERNAME,
        "supervisor": generate.SUPERVISOR_USERNAME,
        "peer": generate.PEER_USERNAME,
    }
    users = {key: User.objects.get(username=name) for key, name in users.items()}
    manager = users["manager"]
    today = caps(manager).today
    team_id = next(iter(caps(manager).managed_team_ids))
    role = RoleDefinition.objects.get(team_id=team_id, title=generate.BENCH_ROLE_TITLE, status="published")
    members = list(
        Membership.objects.active(today)
        .filter(team_id=team_id, worker__status="active")
        .exclude(worker_id=manager.pk)
        .order_by("worker__username")
        .values_list("worker_id", flat=True)
    )
    peer_team = next(iter(caps(users["peer"]).team_ids))
    try:  # the team dashboard (issue 7) may not be in every checkout
        reverse("api:team-dashboard", args=[team_id])
        dashboard = True
    except NoReverseMatch:
        dashboard = False
    supervisor_session = session_for(users["supervisor"])
    supervisor_reads = check_supervisor_side(users["supervisor"], supervisor_session)
    context = {
        "today": today.isoformat(),
        "team_id": str(team_id),
        "peer_team_id": str(peer_team),
        "dashboard": dashboard,
        "role_definition_id": str(role.pk),
        "members": [str(m) for m in members],
        "tokens": {key: token_for(user) for key, user in users.items()},
        "user_ids": {key: str(user.pk) for key, user in users.items()},
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {"supervisor": supervisor_session},
        "supervisor_reads": supervisor_reads,
        "reflections_last_page": last_reflection_page(users["admin"]),
        "reflection_cursors": reflection_cursors(users["admin"]),
    }
    Path(out).write_text(json.dumps(context, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
