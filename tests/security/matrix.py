"""The permission matrix: every API operation × actor → expected status (SPEC §2).

Actors (tests/security/world.py):

* ``anonymous`` — not signed in;
* ``author`` — Pat, a peer worker in Riverside whose records the rows target;
* ``peer2`` — another peer in Riverside;
* ``supervisor`` — Sam, a Riverside supervisor who supervises Pat under an active agreement;
* ``lone_supervisor`` — Lou, a Riverside supervisor with no agreement over Pat;
* ``proposed_supervisor``, ``declined_supervisor``, ``ended_supervisor`` — Riverside supervisors
  whose agreement over Pat is proposed (they accepted, Pat has not; backdated 400 days),
  declined by Pat, or ended by Pat. They expect what ``lone_supervisor`` expects unless a row
  names them: an agreement not in force grants nothing (issue 13);
* ``manager`` — manager of Riverside;
* ``other_manager`` — manager of Harbour (same organisation);
* ``admin`` — org admin of Northfield (in no team);
* ``outsider`` — org admin (and team manager) of another organisation.

A row is ``row(method, path, default=<status for signed-in actors>, <actor>=<status>, ...)``;
``anonymous`` defaults to 401. Placeholders in ``path`` (``{r_sup}``) are ids from
``world.ids``. A status may be a set when either answer is right. ``body(world)`` builds the
JSON body; ``before(world)`` prepares the world inside the cell (rolled back after it);
``forbidden`` names response fields that must not appear — a tuple for every actor, or
``{actor: fields}``. Independently of the rows, every answer is checked against the world's
secrets (text markers with the set of actors who may read them).

An operation may have several rows (e.g. one per reflection visibility). The completeness
test fails when the OpenAPI schema has an operation with no row, or a row names an
operation the schema does not have.
"""

from datetime import timedelta

from apps.fidelity.principles import PRINCIPLE_KEYS
from tests.security.world import ACTORS, CONSENT_ACTORS

SIGNED_IN = [a for a in ACTORS if a != "anonymous"]

# Fields that carry the text of the most sensitive records (spec §1, §2).
NOTE_TEXT = (
    "situation",
    "what_i_shared",
    "reasoning",
    "response",
    # The disclosure plan (issue 18, item 6): as private as the note.
    "plan_purpose",
    "plan_whose_interest",
    "plan_what_and_how_much",
    "plan_ask_share_ask",
    "plan_support_after",
)
EVIDENCE = ("evidence", "evidence_details", "sign_offs")
CERTIFICATE = ("certificate", "certificate_name")
BODIES = (*NOTE_TEXT, "sections", "note", "topics", "agreed_actions", "values_check", "body", "comment")
# Managers and org admins read states, never the evidence or certificates behind them.
STATES_ONLY = {
    "manager": EVIDENCE + CERTIFICATE,
    "other_manager": EVIDENCE + CERTIFICATE,
    "admin": EVIDENCE + CERTIFICATE,
    "outsider": EVIDENCE + CERTIFICATE,
}


def row(method, path, *, default, body=None, before=None, forbidden=(), body_format="json", **overrides):
    unknown = set(overrides) - set(ACTORS)
    assert not unknown, f"unknown actors {unknown} in row {method} {path}"
    expected = {actor: overrides.get(actor, default) for actor in SIGNED_IN}
    expected["anonymous"] = overrides.get("anonymous", 401)
    for actor in CONSENT_ACTORS:
        expected[actor] = overrides.get(actor, expected["lone_supervisor"])
    if not isinstance(forbidden, dict):
        forbidden = dict.fromkeys(ACTORS, tuple(forbidden))
    for actor in CONSENT_ACTORS:
        forbidden.setdefault(actor, forbidden.get("lone_supervisor", ()))
    return {
        "method": method,
        "path": path,
        "expected": expected,
        "body": body,
        # The body's content type: JSON, or multipart for the writes that upload a file
        # (docs/api.md: those take multipart only, and any other type is a 415).
        "body_format": body_format,
        "before": before,
        "forbidden": forbidden,
    }


def days(world, n) -> str:
    return (world.today + timedelta(days=n)).isoformat()


# Riverside (the author's team) as seen from outside it: another team's manager (404, the
# record does not exist for them) and another organisation (404).
OUTSIDE = {"other_manager": 404, "outsider": 404}
# Only the author and their supervisor read a record: for everyone else it does not exist.
AUTHOR_SUPERVISOR_ONLY = {"author": 200, "supervisor": 200}


def _new_worker(world):
    n = world.next()
    return {
        "username": f"matrix{n}",
        "display_name": f"Matrix Person {n}",
        "password": "a long enough passphrase",
    }


FOUNDATION = [
    row(
        "POST",
        "/api/v1/auth/token/",
        default=400,
        anonymous=400,
        body=lambda w: {"username": "nobody", "password": "wrong password"},
    ),
    row("POST", "/api/v1/auth/logout/", default=204),
    row("GET", "/api/v1/me/", default=200),
    row("GET", "/api/v1/workers/", default=200),
    # Only org admins create accounts (separation of duties, issue 13): managers no longer.
    row("POST", "/api/v1/workers/", default=403, admin=201, outsider=201, body=_new_worker),
    row("GET", "/api/v1/workers/{author}/", default=200, **OUTSIDE),
    # A colleague's name: org admins only; a manager's is a 400 naming the field; your own: yourself.
    row(
        "PATCH",
        "/api/v1/workers/{author}/",
        default=403,
        author=200,
        manager=400,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"display_name": "Pat P."},
    ),
    # A colleague's e-mail address: org admins only; your own only by confirming (400 here).
    row(
        "PATCH",
        "/api/v1/workers/{author}/",
        default=403,
        author=400,
        manager=400,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"email": "pat.elsewhere@example.invalid"},
    ),
    # Work details: the worker's managers and org admins.
    row(
        "PATCH",
        "/api/v1/workers/{author}/",
        default=403,
        author=400,
        manager=200,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"contracted_hours_per_week": "20"},
    ),
    row("POST", "/api/v1/workers/{author}/leave/", default=403, manager=200, admin=200, **OUTSIDE),
    # Erasure: an org admin, of a worker who has left (Lee was in Harbour).
    row("POST", "/api/v1/workers/{leaver}/erase/", default=404, admin=200, other_manager=403),
    row("GET", "/api/v1/workers/me/export/", default=200),
    # Everyone may ask to change their own address (202); confirming needs the mailed token.
    row("POST", "/api/v1/workers/me/email/", default=202, body=lambda w: {"email": f"new{w.next()}@example.invalid"}),
    row("POST", "/api/v1/workers/me/email/confirm/", default=400, body=lambda w: {"token": "not-a-token"}),
    row("POST", "/api/v1/workers/me/step-away/", default=200, body=lambda w: {"until": days(w, 14)}),
    row("POST", "/api/v1/workers/me/return/", default=400),  # nobody in the world is away
    row("GET", "/api/v1/teams/", default=200),
    row(
        "POST",
        "/api/v1/teams/",
        default=403,
        admin=201,
        outsider=201,
        body=lambda w: {"name": f"Matrix team {w.next()}", "setting": "community"},
    ),
    row("GET", "/api/v1/teams/{team}/", default=200, **OUTSIDE),
    row(
        "PATCH",
        "/api/v1/teams/{team}/",
        default=403,
        manager=200,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"description": "Updated"},
    ),
    # Teams are archived, never deleted: those who may archive are told so (409).
    row("DELETE", "/api/v1/teams/{team}/", default=403, manager=409, admin=409, **OUTSIDE),
    row("POST", "/api/v1/teams/{team}/archive/", default=403, manager=200, admin=200, **OUTSIDE),
    row("POST", "/api/v1/teams/{team}/restore/", default=403, admin=200, **OUTSIDE),  # not archived: unchanged
    row("GET", "/api/v1/teams/{team}/dashboard/", default=403, manager=200, admin=200, **OUTSIDE, forbidden=BODIES),
    row(
        "GET",
        "/api/v1/dashboard/organisation/",
        default=403,
        manager=200,
        other_manager=200,
        admin=200,
        outsider=200,
        forbidden=BODIES,
    ),
    row("GET", "/api/v1/memberships/", default=200),
    # Another team's manager names a team they cannot see: a 400 on that field.
    row(
        "POST",
        "/api/v1/memberships/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,
        outsider=400,
        body=lambda w: {"team": w.ids["team"], "worker": w.ids["spare"], "team_role": "member"},
    ),
    row("GET", "/api/v1/memberships/{membership}/", default=200, **OUTSIDE),
    row(
        "PATCH",
        "/api/v1/memberships/{membership}/",
        default=403,
        manager=200,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"team_role": "member"},
    ),
    row("DELETE", "/api/v1/memberships/{membership}/", default=403, manager=204, admin=204, **OUTSIDE),
    row("GET", "/api/v1/notifications/", default=200),
    row("GET", "/api/v1/notifications/unread-count/", default=200),
    row("POST", "/api/v1/notifications/read-all/", default=200),
    row("GET", "/api/v1/notifications/{notification}/", default=404, author=200),
    row("POST", "/api/v1/notifications/{notification}/read/", default=404, author=200),
    row("GET", "/api/v1/reminders/status/", default=403, admin=200, outsider=200),
]

AUDIT = [
    # Everyone lists what they may see: org admins their organisation's trail, others who read theirs.
    row("GET", "/api/v1/audit-events/", default=200),
    # Sam read Pat's reflection: Pat sees it (who read my entries), the org admin sees it; nobody else.
    row("GET", "/api/v1/audit-events/{audit_event}/", default=404, author=200, admin=200),
]

REFLECTIONS = [
    row("GET", "/api/v1/reflections/", default=200),
    row(
        "POST",
        "/api/v1/reflections/",
        default=201,
        body=lambda w: {
            "framework": "free",
            "title": "Matrix",
            "occurred_on": days(w, -1),
            "sections": {"body": "What I learned today."},
        },
    ),
    # Visibility `supervisor`: the author and their supervisor only.
    row("GET", "/api/v1/reflections/{r_sup}/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    # Visibility `team` (Riverside): its members, managers included, and org admins.
    row("GET", "/api/v1/reflections/{r_team}/", default=200, **OUTSIDE),
    row("GET", "/api/v1/reflections/{r_private}/", default=404, author=200),
    row("GET", "/api/v1/reflections/{r_draft}/", default=404, author=200),  # a draft shared with a team
    row(
        "PATCH",
        "/api/v1/reflections/{r_sup}/",
        default=404,
        author=200,
        supervisor=403,
        body=lambda w: {"title": "Changed"},
    ),
    row(
        "PATCH",
        "/api/v1/reflections/{r_team}/",
        default=403,
        author=200,
        **OUTSIDE,
        body=lambda w: {"title": "Changed"},
    ),
    # Naming readers (issue 13): the author only; a supervisor asking is refused before the
    # input is judged.
    row(
        "PATCH",
        "/api/v1/reflections/{r_sup}/",
        default=404,
        author=200,
        supervisor=403,
        body=lambda w: {"readers": [w.ids["supervisor"]]},
    ),
    row("DELETE", "/api/v1/reflections/{r_sup}/", default=404, author=204, supervisor=403),
    row("POST", "/api/v1/reflections/{r_sup}/acknowledge/", default=404, author=403, supervisor=200),
    row("POST", "/api/v1/reflections/{r_team}/acknowledge/", default=403, supervisor=200, **OUTSIDE),
    row("GET", "/api/v1/reflections/{r_sup}/comments/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    row(
        "POST",
        "/api/v1/reflections/{r_sup}/comments/",
        default=404,
        author=201,
        supervisor=201,
        body=lambda w: {"body": "Matrix comment"},
    ),
    # Readable by the whole team; its members reply (issue 19, item 2), the org admin (in no team)
    # reads but does not reply.
    row(
        "POST",
        "/api/v1/reflections/{r_team}/comments/",
        default=201,
        admin=403,
        **OUTSIDE,
        body=lambda w: {"body": "Matrix comment"},
    ),
    # The thread, cursor-paginated: whoever reads the entry.
    row("GET", "/api/v1/reflections/{r_team}/replies/", default=200, **OUTSIDE),
    row("GET", "/api/v1/reflections/{r_sup}/replies/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    row(
        "POST",
        "/api/v1/reflections/{r_team}/replies/",
        default=201,
        admin=403,
        **OUTSIDE,
        body=lambda w: {"body": "Matrix reply"},
    ),
    row(
        "POST",
        "/api/v1/reflections/{r_sup}/replies/",
        default=404,
        author=201,
        supervisor=201,
        body=lambda w: {"body": "Matrix reply"},
    ),
    # "This helped me": colleagues of the team, not the author, not the org admin.
    row("PUT", "/api/v1/reflections/{r_team}/helped/", default=200, author=403, admin=403, **OUTSIDE),
    row("DELETE", "/api/v1/reflections/{r_team}/helped/", default=200, author=403, admin=403, **OUTSIDE),
    row("PUT", "/api/v1/reflections/{r_sup}/helped/", default=404, author=403, supervisor=403),
    # How the team received it: the author only (counts at or above VOICE_MIN_GROUP, never who).
    row("GET", "/api/v1/reflections/{r_team}/team-reception/", default=403, author=200, **OUTSIDE),
    row("GET", "/api/v1/reflections/{r_sup}/team-reception/", default=404, author=200, supervisor=403),
    # Turning colleagues' replies off: the author only.
    row(
        "PATCH",
        "/api/v1/reflections/{r_team}/",
        default=403,
        author=200,
        **OUTSIDE,
        body=lambda w: {"replies_open": False},
    ),
]

BOUNDARIES = [
    row("GET", "/api/v1/boundary-notes/", default=200, forbidden=NOTE_TEXT),
    row(
        "POST",
        "/api/v1/boundary-notes/",
        default=201,
        body=lambda w: {
            "occurred_on": days(w, -1),
            "category": "gifts",
            "situation": "A card at the door.",
            "risk": "low",
        },
    ),
    row("GET", "/api/v1/boundary-notes/{n_sub}/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    row(
        "PATCH",
        "/api/v1/boundary-notes/{n_sub}/",
        default=404,
        author=200,
        supervisor=403,
        body=lambda w: {"situation": "Changed"},
    ),
    row("DELETE", "/api/v1/boundary-notes/{n_sub}/", default=404, author=204, supervisor=403),
    # Who reads a note (issue 13): the author names readers at any time, reviewed or not.
    row(
        "PATCH",
        "/api/v1/boundary-notes/{n_rev}/",
        default=404,
        author=200,
        supervisor=403,
        body=lambda w: {"readers": [w.ids["supervisor"]]},
    ),
    row(
        "POST",
        "/api/v1/boundary-notes/{n_sub}/review/",
        default=404,
        author=403,
        supervisor=200,
        body=lambda w: {"response": "Thank you for writing this up."},
    ),
    # close/ answers with the note as GET returns it (its readers read the text; a supervisor's
    # close is recorded as a read, tests/boundaries/test_api.py).
    row("POST", "/api/v1/boundary-notes/{n_rev}/close/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    row("GET", "/api/v1/boundary-notes/{n_rev}/follow-ups/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    row(
        "POST",
        "/api/v1/boundary-notes/{n_rev}/follow-ups/",
        default=404,
        author=201,
        supervisor=403,
        body=lambda w: {"body": "A later thought."},
    ),
    # Managers: counts and each note's state; org admins: counts only; never any text.
    row(
        "GET",
        "/api/v1/boundary-notes/summary/",
        default=403,
        manager=200,
        other_manager=200,
        admin=200,
        outsider=200,
        forbidden={
            **dict.fromkeys(ACTORS, NOTE_TEXT),
            "admin": (*NOTE_TEXT, "notes"),
            "outsider": (*NOTE_TEXT, "notes"),
        },
    ),
    row(
        "GET",
        "/api/v1/boundary-notes/summary/?team={team}",
        default=403,
        manager=200,
        admin=200,
        **OUTSIDE,
        forbidden={**dict.fromkeys(ACTORS, NOTE_TEXT), "admin": (*NOTE_TEXT, "notes")},
    ),
]

WELLBEING = [
    # Each actor lists their own check-ins (the secrets check proves nobody else sees Pat's).
    row("GET", "/api/v1/wellbeing/check-ins/", default=200),
    row("GET", "/api/v1/wellbeing/check-ins/?shared_with_me=true", default=200),
    row("POST", "/api/v1/wellbeing/check-ins/", default=201, body=lambda w: {"mood": 3}),
    # Who reads a check-in (issue 13): only its author changes it; to anyone else it is not there.
    row(
        "PATCH",
        "/api/v1/wellbeing/check-ins/{ci_private}/",
        default=404,
        author=200,
        body=lambda w: {"share_with_supervisor": True, "readers": [w.ids["supervisor"]]},
    ),
    # The organisation's support contacts (issue 15, item 5): everyone reads, org admins write.
    # Wellness plans (issue 18, item 7): the worker's own; a named reader reads only their parts.
    row("GET", "/api/v1/wellness-plans/mine/", default=404, author=200),
    row("PATCH", "/api/v1/wellness-plans/mine/", default=200, body=lambda w: {"what_helps": "A walk"}),
    row("GET", "/api/v1/wellness-plans/mine/readers/", default=404, author=200),
    row(
        "POST",
        "/api/v1/wellness-plans/mine/readers/",
        default=400,  # no plan of their own to share
        author=200,
        body=lambda w: {"reader": w.ids["peer2"], "sections": ["keeps_well"]},
    ),
    row("POST", "/api/v1/wellness-plans/mine/reviewed/", default=400, author=200),
    row("GET", "/api/v1/wellness-plans/mine/versions/", default=404, author=200),
    row("GET", "/api/v1/wellness-plans/shared-with-me/", default=200),
    row("GET", "/api/v1/wellness-plans/{wellness_plan}/", default=404, author=200, supervisor=200),
    row("GET", "/api/v1/wellbeing/support-contacts/", default=200),
    row(
        "POST",
        "/api/v1/wellbeing/support-contacts/",
        default=403,
        admin=201,
        outsider=201,
        body=lambda w: {"name": "Crisis line", "how_to_reach": "Call 116 123", "kind": "crisis_line"},
    ),
    row(
        "PATCH",
        "/api/v1/wellbeing/support-contacts/{support_contact}/",
        default=403,
        admin=200,
        outsider=404,
        body=lambda w: {"when_available": "Any time"},
    ),
    row("DELETE", "/api/v1/wellbeing/support-contacts/{support_contact}/", default=403, admin=204, outsider=404),
]


def _fidelity_answers(world):
    return {"answers": {key: {"answer": "3"} for key in PRINCIPLE_KEYS}}


FIDELITY = [
    # Each actor lists their own checks (the secrets check proves nobody else sees Pat's).
    row("GET", "/api/v1/fidelity/checks/", default=200),
    row("GET", "/api/v1/fidelity/checks/?shared_with_me=true", default=200),
    # Peer workers take the check; anyone else is refused before the body is read.
    row(
        "POST",
        "/api/v1/fidelity/checks/",
        default=201,
        manager=403,
        other_manager=403,
        admin=403,
        body=_fidelity_answers,
    ),
    row("GET", "/api/v1/fidelity/checks/{fc_private}/", default=404, author=200),
    row("GET", "/api/v1/fidelity/checks/{fc_shared}/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    # Who reads a check: only its author changes it; the supervisor it is shared with is refused.
    row(
        "PATCH",
        "/api/v1/fidelity/checks/{fc_private}/",
        default=404,
        author=200,
        body=lambda w: {"share_with_supervisor": True, "readers": [w.ids["supervisor"]]},
    ),
    row(
        "PATCH",
        "/api/v1/fidelity/checks/{fc_shared}/",
        default=404,
        author=200,
        supervisor=403,
        body=lambda w: {"share_with_supervisor": False},
    ),
    # Aggregates only: the team's members, its managers and org admins; nobody else.
    row("GET", "/api/v1/fidelity/teams/{team}/summary/", default=200, **OUTSIDE),
    row("GET", "/api/v1/fidelity/organisation/summary/", default=403, admin=200, outsider=200),
    row("GET", "/api/v1/fidelity/settings/", default=403, admin=200, outsider=200),
    row(
        "PATCH",
        "/api/v1/fidelity/settings/",
        default=403,
        admin=200,
        outsider=200,
        body=lambda w: {"interval_days": 120},
    ),
]

# The peer community (issue 19, item 1): peer workers of the organisation only. To anyone else
# its lists are refused (403) and its records do not exist (404). Otto (another organisation)
# is a peer worker: his own community's lists answer him, empty.
NOT_PEERS = {"manager": 403, "other_manager": 403, "admin": 403}
NOT_PEERS_404 = {"manager": 404, "other_manager": 404, "admin": 404, "outsider": 404}
COMMUNITY = [
    row("GET", "/api/v1/community/threads/", default=200, **NOT_PEERS),
    row(
        "POST",
        "/api/v1/community/threads/",
        default=201,
        **NOT_PEERS,
        body=lambda w: {"title": f"Matrix thread {w.next()}", "body": "Hello"},
    ),
    row("GET", "/api/v1/community/threads/{cm_thread}/", default=200, **NOT_PEERS_404),
    row("GET", "/api/v1/community/threads/{cm_thread}/posts/", default=200, **NOT_PEERS_404),
    row(
        "POST",
        "/api/v1/community/threads/{cm_thread}/posts/",
        default=201,
        **NOT_PEERS_404,
        body=lambda w: {"body": "A reply"},
    ),
    row("GET", "/api/v1/community/posts/{cm_post}/", default=200, **NOT_PEERS_404),
    row("GET", "/api/v1/community/posts/{cm_hidden}/", default=200, **NOT_PEERS_404),
    # Only its author withdraws a post (Robin's reply).
    row("DELETE", "/api/v1/community/posts/{cm_reply}/", default=403, peer2=204, **NOT_PEERS_404),
    # Only a peer lead (Sam) hides and restores; an org admin who is not a peer worker never.
    row(
        "POST",
        "/api/v1/community/posts/{cm_reply}/hide/",
        default=403,
        supervisor=200,
        **NOT_PEERS_404,
        body=lambda w: {"reason": "Off topic"},
    ),
    row("POST", "/api/v1/community/posts/{cm_hidden}/restore/", default=403, supervisor=200, **NOT_PEERS_404),
    row("GET", "/api/v1/community/preferences/", default=200, **NOT_PEERS),
    row("PATCH", "/api/v1/community/preferences/", default=200, **NOT_PEERS, body=lambda w: {"digest": False}),
    # Org admins name peer leads (a grant that reads no post); Otto names nobody of Northfield.
    row("GET", "/api/v1/community/moderators/", default=403, admin=200, outsider=200),
    row(
        "POST",
        "/api/v1/community/moderators/",
        default=403,
        admin=201,
        outsider=400,
        body=lambda w: {"worker": w.ids["peer2"]},
    ),
    row("DELETE", "/api/v1/community/moderators/{cm_moderator}/", default=403, admin=204, outsider=404),
]

SUPERVISION = [
    row("GET", "/api/v1/supervision/agreements/", default=200),
    # Managers of the supervisee's team and org admins set up supervision.
    row(
        "POST",
        "/api/v1/supervision/agreements/",
        default=403,
        manager=201,
        admin=201,
        outsider=400,
        body=lambda w: {
            "supervisee": w.ids["peer2"],
            "supervisor": w.ids["lone_supervisor"],
            "kind": "peer",
            "frequency_days": 28,
        },
    ),
    row(
        "GET",
        "/api/v1/supervision/agreements/{agreement}/",
        default=404,
        author=200,
        supervisor=200,
        manager=200,
        admin=200,
    ),
    row(
        "PATCH",
        "/api/v1/supervision/agreements/{agreement}/",
        default=404,
        author=403,
        supervisor=403,
        manager=200,
        admin=200,
        body=lambda w: {"frequency_days": 21},
    ),
    # Consent (issue 13). The proposal (Pat ↔ Pia) awaits Pat; Pia has accepted.
    row(
        "GET",
        "/api/v1/supervision/agreements/{proposal}/",
        default=404,
        author=200,
        proposed_supervisor=200,
        manager=200,
        admin=200,
    ),
    row(
        "POST",
        "/api/v1/supervision/agreements/{proposal}/accept/",
        default=404,
        author=200,
        proposed_supervisor=400,  # already accepted
        manager=403,
        admin=403,
    ),
    row(
        "POST",
        "/api/v1/supervision/agreements/{proposal}/decline/",
        default=404,
        author=200,
        proposed_supervisor=200,
        manager=403,
        admin=403,
    ),
    # An active agreement cannot be accepted again.
    row(
        "POST",
        "/api/v1/supervision/agreements/{agreement}/accept/",
        default=404,
        author=400,
        supervisor=400,
        manager=403,
        admin=403,
    ),
    row(
        "POST",
        "/api/v1/supervision/agreements/{agreement}/end/",
        default=404,
        author=200,
        supervisor=200,
        manager=200,
        admin=200,
    ),
    row(
        "POST",
        "/api/v1/supervision/agreements/{proposal}/end/",
        default=404,
        author=200,
        proposed_supervisor=200,
        manager=200,
        admin=200,
    ),
    # Only the supervisee sees what an agreement would share (counts, never text).
    row(
        "GET",
        "/api/v1/supervision/agreements/{proposal}/scope/",
        default=404,
        author=200,
        proposed_supervisor=403,
        manager=403,
        admin=403,
    ),
    row(
        "POST",
        "/api/v1/supervision/agreements/{agreement}/request/",
        default=404,
        author=200,
        supervisor=403,
        manager=403,
        admin=403,
    ),
    row("GET", "/api/v1/supervision/sessions/", default=200),
    # The supervisor records under their own agreement; who supervises under none may not record
    # at all (403, whatever the body); a supervisor naming an agreement they cannot see, a bad id (400).
    row(
        "POST",
        "/api/v1/supervision/sessions/",
        default=403,
        supervisor=201,
        proposed_supervisor=400,
        declined_supervisor=400,
        ended_supervisor=400,
        body=lambda w: {
            "agreements": [w.ids["agreement"]],
            "held_on": days(w, -1),
            "duration_minutes": 45,
            "functions": ["restorative"],
        },
    ),
    row("GET", "/api/v1/supervision/sessions/{session}/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    # The team's peer-values indicator (issue 18): counts only, for its members, managers, org admins.
    row("GET", "/api/v1/supervision/teams/{team}/values/", default=200, **OUTSIDE),
    row(
        "PATCH",
        "/api/v1/supervision/sessions/{session}/",
        default=404,
        author=403,
        supervisor=200,
        body=lambda w: {"topics": "Corrected"},
    ),
    row("DELETE", "/api/v1/supervision/sessions/{session}/", default=404, author=403, supervisor=204),
    # Planned supervision (issue 16): the people in it read it; the supervisor and the supervisee
    # of a one-to-one plan, change and cancel; only the supervisor marks it held. Nobody else
    # plans at all (403 before the body is read); the session does not exist for anyone else.
    row("GET", "/api/v1/supervision/planned/", default=200),
    row(
        "POST",
        "/api/v1/supervision/planned/",
        default=403,
        author=201,
        supervisor=201,
        body=lambda w: {
            "agreements": [w.ids["agreement"]],
            "date": days(w, 9),
            "time": "14:00",
            "duration_minutes": 50,
            "location": "Room 3",
        },
    ),
    row("GET", "/api/v1/supervision/planned/{planned}/", default=404, **AUTHOR_SUPERVISOR_ONLY),
    row(
        "PATCH",
        "/api/v1/supervision/planned/{planned}/",
        default=404,
        author=200,
        supervisor=200,
        body=lambda w: {"location": "Room 9"},
    ),
    row("POST", "/api/v1/supervision/planned/{planned}/cancel/", default=404, author=200, supervisor=200),
    row(
        "POST",
        "/api/v1/supervision/planned/{planned_past}/held/",
        default=404,
        author=403,
        supervisor=201,
        body=lambda w: {"functions": ["formative"]},
    ),
]

ROLES = [
    row("GET", "/api/v1/role-definitions/", default=200),
    row(
        "POST",
        "/api/v1/role-definitions/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,
        outsider=400,
        body=lambda w: {"team": w.ids["team"], "title": "Matrix role", "kind": "peer", "hours_per_week": "10.0"},
    ),
    row("GET", "/api/v1/role-definitions/{rd}/", default=200, **OUTSIDE),
    # Drafts are the team managers' work in progress: they do not exist for anyone else.
    row("GET", "/api/v1/role-definitions/{rd_draft}/", default=404, manager=200, admin=200),
    row(
        "PATCH",
        "/api/v1/role-definitions/{rd_draft}/",
        default=404,
        manager=200,
        admin=200,
        body=lambda w: {"title": "Renamed draft"},
    ),
    # Editing a published version starts the next one (201).
    row(
        "PATCH",
        "/api/v1/role-definitions/{rd}/",
        default=403,
        manager=201,
        admin=201,
        **OUTSIDE,
        body=lambda w: {"purpose": "A clearer purpose."},
    ),
    row("POST", "/api/v1/role-definitions/{rd_draft}/publish/", default=404, manager=200, admin=200),
    row("POST", "/api/v1/role-definitions/{rd}/retire/", default=403, manager=200, admin=200, **OUTSIDE),
    # A draft that was never published is discarded (deleted); a published version is retired, never deleted.
    row("DELETE", "/api/v1/role-definitions/{rd_draft}/", default=404, manager=204, admin=204),
    row("DELETE", "/api/v1/role-definitions/{rd}/", default=403, manager=400, admin=400, **OUTSIDE),
    row("GET", "/api/v1/teams/{team}/role-overlaps/", default=200, **OUTSIDE),
    # Role drift (issue 18, item 2): the team's indicators are aggregates for its members, managers
    # and org admins; a worker's own shares are theirs alone (the list is only ever the caller's).
    row("GET", "/api/v1/teams/{team}/drift-indicators/", default=200, **OUTSIDE),
    row("GET", "/api/v1/drift/my-snapshots/", default=200),
    row("GET", "/api/v1/assignments/", default=200),
    row(
        "POST",
        "/api/v1/assignments/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,
        outsider=400,
        body=lambda w: {"worker": w.ids["peer2"], "role_definition": w.ids["rd"]},
    ),
    row("GET", "/api/v1/assignments/{assignment}/", default=404, author=200, supervisor=200, manager=200, admin=200),
    row(
        "PATCH",
        "/api/v1/assignments/{assignment}/",
        default=404,
        author=403,
        supervisor=403,
        manager=200,
        admin=200,
        body=lambda w: {"hours_per_week": "12.0"},
    ),
    # Only the worker acknowledges their own role: nobody does it for them.
    row(
        "POST",
        "/api/v1/assignments/{assignment}/acknowledge/",
        default=404,
        author=200,
        supervisor=403,
        manager=403,
        admin=403,
    ),
    # The conversation about a proposed role: the worker and the team's managers (issue 15, 18).
    row(
        "GET",
        "/api/v1/assignments/{assignment}/comments/",
        default=404,
        author=200,
        supervisor=403,
        manager=200,
        admin=200,
    ),
    row(
        "POST",
        "/api/v1/assignments/{assignment}/comments/",
        default=404,
        author=201,
        supervisor=403,
        manager=201,
        admin=201,
        body=lambda w: {"body": "Who covers when I am away?"},
    ),
    # Co-production (issue 18, item 3). A draft the managers asked peer workers about is readable
    # by the team's peer workers; comments are the peer workers' own (managers read all, others none).
    row("GET", "/api/v1/role-definitions/{rd_consult}/", default=200, **OUTSIDE),
    row(
        "GET",
        "/api/v1/role-definitions/{rd_consult}/comments/",
        default=200,
        **OUTSIDE,
    ),
    row(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/comments/",
        default=201,
        manager=403,
        admin=403,
        **OUTSIDE,
        body=lambda w: {"body": "Could the role name peer supervision?", "proposes": "duties"},
    ),
    row(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/comments/{rd_comment}/decide/",
        default=404,
        manager=200,
        admin=200,
        author=403,
        body=lambda w: {"decision": "accepted", "reason": "Yes, added."},
    ),
    # Only those asked record their own view: nobody records it for them.
    row(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/respond/",
        default=403,
        author=200,
        peer2=200,
        **OUTSIDE,
        body=lambda w: {"response": "agreed"},
    ),
    row(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/consult/",
        default=403,
        manager=200,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"workers": [str(w.ids["author"])]},
    ),
]


def _sign_off_open_assessment(world):
    from apps.competencies import services
    from apps.competencies.models import Assessment

    services.assessment_sign_off(
        actor=world.actors["supervisor"],
        assessment=Assessment.objects.get(pk=world.ids["open_assessment"]),
        decision="signed_off",
    )


COMPETENCIES = [
    row("GET", "/api/v1/competencies/frameworks/", default=200),
    row("GET", "/api/v1/competencies/frameworks/{framework}/", default=200),  # shipped: in every organisation
    row("GET", "/api/v1/competencies/assessments/", default=200, forbidden=STATES_ONLY),
    row(
        "POST",
        "/api/v1/competencies/assessments/",
        default=201,
        body=lambda w: {"competency": w.ids["competency2"], "level": "developing"},
    ),
    row(
        "GET",
        "/api/v1/competencies/assessments/{assessment}/",
        default=404,
        author=200,
        supervisor=200,
        manager=200,
        admin=200,
        forbidden=STATES_ONLY,
    ),
    # (Pat's other assessment awaits a decision: a decided one is kept as it was.)
    row(
        "PATCH",
        "/api/v1/competencies/assessments/{open_assessment}/",
        default=404,
        author=200,
        supervisor=403,
        manager=403,
        admin=403,
        body=lambda w: {"level": "competent"},
    ),
    # Signed off, it is locked (issue 17, part 4): the worker's edit is a 409 naming why.
    row(
        "PATCH",
        "/api/v1/competencies/assessments/{open_assessment}/",
        default=404,
        author=409,
        supervisor=403,
        manager=403,
        admin=403,
        before=_sign_off_open_assessment,
        body=lambda w: {"level": "competent"},
    ),
    row(
        "POST",
        "/api/v1/competencies/assessments/{assessment}/sign-off/",
        default=404,
        author=403,
        supervisor=201,
        manager=403,
        admin=403,
        body=lambda w: {"decision": "signed_off"},
    ),
    # Issue 18: an own-wellbeing item is the worker's alone; nobody signs it off (the worker is
    # told why, by field); the assessor is the worker's choice among their supervisors.
    row("GET", "/api/v1/competencies/assessments/{wellbeing_assessment}/", default=404, author=200),
    row(
        "POST",
        "/api/v1/competencies/assessments/{wellbeing_assessment}/sign-off/",
        default=404,
        author=400,
        body=lambda w: {"decision": "signed_off"},
    ),
    row("GET", "/api/v1/competencies/assessor/", default=200),
    row(
        "PUT",
        "/api/v1/competencies/assessor/",
        default=400,  # Sam supervises Pat only: for anyone else he is not one of their supervisors
        author=200,
        body=lambda w: {"assessor": w.ids["supervisor"]},
    ),
    row("GET", "/api/v1/competencies/organisational-status/", default=200),
    row(
        "GET",
        "/api/v1/competencies/organisational-status/{org_status}/",
        default=200,
        other_manager=404,
        outsider=404,
    ),
    row(
        "POST",
        "/api/v1/competencies/organisational-status/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,  # a team they do not read is no team to them (400 naming team)
        outsider=400,
        body=lambda w: {"team": w.ids["team"], "competency": w.ids["org_competency"], "status": "in_place"},
    ),
    row("GET", "/api/v1/competencies/role-requirements/", default=200),
    row("GET", "/api/v1/competencies/role-requirements/{rd}/", default=200, **OUTSIDE),
    row(
        "PUT",
        "/api/v1/competencies/role-requirements/{rd}/",
        default=403,
        manager=200,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"competencies": [w.ids["competency"]]},
    ),
    row("GET", "/api/v1/training-records/", default=200, forbidden=STATES_ONLY),
    row(
        "POST",
        "/api/v1/training-records/",
        default=201,
        body=lambda w: {"course": "Matrix course", "completed_on": days(w, -10)},
        body_format="multipart",
    ),
    row(
        "GET",
        "/api/v1/training-records/{training}/",
        default=404,
        author=200,
        supervisor=200,
        manager=200,
        admin=200,
        forbidden=STATES_ONLY,
    ),
    row(
        "PATCH",
        "/api/v1/training-records/{training}/",
        default=404,
        author=200,
        supervisor=403,
        manager=403,
        admin=403,
        body=lambda w: {"course": "Renamed course"},
        body_format="multipart",
    ),
    row(
        "GET",
        "/api/v1/training-records/{training}/certificate/",
        default=404,
        author=200,
        supervisor=200,
        manager=403,
        admin=403,
    ),
]


# Credential hours (issue 17, part 3): everyone has their own; a practice log entry is its
# worker's alone (for anyone else it does not exist).
CREDENTIALS = [
    row("GET", "/api/v1/credentials/hours/", default=200),
    row("GET", "/api/v1/credentials/profiles/", default=200),
    row("PUT", "/api/v1/credentials/profiles/", default=200, body=lambda w: {"profiles": ["icrc-peer-recovery"]}),
    row("GET", "/api/v1/credentials/practice-log/", default=200),
    row(
        "POST",
        "/api/v1/credentials/practice-log/",
        default=201,
        body=lambda w: {"worked_on": days(w, -1), "hours": "1.5", "category": "direct_peer_support"},
    ),
    row("GET", "/api/v1/credentials/practice-log/{practice_entry}/", default=404, author=200),
    row(
        "PATCH",
        "/api/v1/credentials/practice-log/{practice_entry}/",
        default=404,
        author=200,
        body=lambda w: {"hours": "3"},
    ),
    row("DELETE", "/api/v1/credentials/practice-log/{practice_entry}/", default=404, author=204),
]

PORTFOLIO = [
    # Framework choice: everyone reads which frameworks are in use; org admins choose (their own org).
    row("GET", "/api/v1/competencies/framework-choice/", default=200),
    row(
        "PUT",
        "/api/v1/competencies/framework-choice/",
        default=403,
        admin=200,
        outsider=200,
        body=lambda w: {"frameworks": [w.ids["framework"]]},
    ),
    # Evidence links are the worker's own: listed, read and removed by them alone.
    row("GET", "/api/v1/portfolio/evidence-links/", default=200),
    row(
        "POST",
        "/api/v1/portfolio/evidence-links/",
        default=400,  # someone else's record is not theirs to link (400 naming object_id)
        author=201,
        body=lambda w: {"competency": w.ids["competency2"], "kind": "reflection", "object_id": w.ids["r_sup"]},
    ),
    row("GET", "/api/v1/portfolio/evidence-links/{evidence_link}/", default=404, author=200),
    row("DELETE", "/api/v1/portfolio/evidence-links/{evidence_link}/", default=404, author=204),
    # The map: everyone's own; the author's for those who read their competencies — evidence
    # only for the author and their supervisor (and only what they could already read).
    row("GET", "/api/v1/portfolio/evidence-map/", default=200),
    row(
        "GET",
        "/api/v1/portfolio/evidence-map/?worker={author}",
        default=404,
        author=200,
        supervisor=200,
        manager=200,
        admin=200,
        forbidden=STATES_ONLY,
    ),
]


def _close_riverside_pulse(world):
    """A team has one open pulse at a time: close the world's so that a new one may open."""
    from apps.voice.models import Pulse

    Pulse.objects.filter(pk=world.ids["pulse"]).update(
        opened_on=world.today - timedelta(days=8), closes_on=world.today - timedelta(days=1)
    )


def _nobody_holds_own_credentials(world):
    """Every account as if its password had been typed by whoever made it (a sock puppet)."""
    from apps.accounts.models import User

    User.objects.update(own_credentials_at=None)


def _memberships_changed_after_the_pulse_opened(world):
    """Every Riverside membership recorded (or changed) after the world's pulse opened."""
    from django.utils import timezone

    from apps.teams.models import Membership

    Membership.objects.filter(team_id=world.ids["team"]).update(updated_at=timezone.now())


VOICE = [
    # Members send feedback to their team; those who read the results (managers, admins) do not add to them.
    row(
        "POST",
        "/api/v1/voice/feedback/",
        default=201,
        manager=403,
        admin=403,
        other_manager=403,  # a voice in no team: refused whatever the body
        outsider=403,
        body=lambda w: {"team": w.ids["team"], "body": "We could use the peer view more."},
    ),
    # ... and only from people holding their own credentials (issue 13, sock puppets).
    row(
        "POST",
        "/api/v1/voice/feedback/",
        default=403,
        before=_nobody_holds_own_credentials,
        body=lambda w: {"team": w.ids["team"], "body": "We could use the peer view more."},
    ),
    row("GET", "/api/v1/voice/pulses/", default=200),
    row(
        "POST",
        "/api/v1/voice/pulses/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,
        outsider=400,
        before=_close_riverside_pulse,
        body=lambda w: {"team": w.ids["team"], "closes_on": days(w, 10)},
    ),
    row("GET", "/api/v1/voice/pulses/{pulse}/", default=200, **OUTSIDE),
    row(
        "POST",
        "/api/v1/voice/pulses/{pulse}/answer/",
        default=201,
        manager=403,
        admin=403,
        **OUTSIDE,
        body=lambda w: {"answers": [3, 4, 2, 5, 3]},
    ),
    # An answer counts only from someone holding their own credentials, in the team (unchanged)
    # since before the pulse opened: others are refused, saying why (issue 13, sock puppets).
    row(
        "POST",
        "/api/v1/voice/pulses/{pulse}/answer/",
        default=403,
        **OUTSIDE,
        before=_nobody_holds_own_credentials,
        body=lambda w: {"answers": [3, 4, 2, 5, 3]},
    ),
    row(
        "POST",
        "/api/v1/voice/pulses/{pulse}/answer/",
        default=403,
        **OUTSIDE,
        before=_memberships_changed_after_the_pulse_opened,
        body=lambda w: {"answers": [3, 4, 2, 5, 3]},
    ),
    row("GET", "/api/v1/teams/{team}/voice/", default=403, manager=200, admin=200, **OUTSIDE),
    # Closing the loop (issue 19, item 5): released results for everyone who could answer (all of
    # Riverside was in it before the world's released pulse opened) and the team's managers; "you
    # said, we did" read by the whole team, written by its managers (org admins too).
    row("GET", "/api/v1/voice/pulses/{released_pulse}/results/", default=200, **OUTSIDE),
    row("GET", "/api/v1/voice/actions/", default=200),
    row(
        "POST",
        "/api/v1/voice/actions/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,  # Riverside is no team of theirs
        outsider=400,
        body=lambda w: {
            "team": w.ids["team"],
            "pulse": w.ids["released_pulse"],
            "heard": "More say in handover.",
            "planned": "A peer slot in each handover.",
            "owner_role": "Team manager",
        },
    ),
    row("GET", "/api/v1/voice/actions/{voice_action}/", default=200, **OUTSIDE),
    row(
        "PATCH",
        "/api/v1/voice/actions/{voice_action}/",
        default=403,
        manager=200,
        admin=200,
        **OUTSIDE,
        body=lambda w: {"follow_up_on": days(w, 20)},
    ),
]


def _riverside_clinicians(world):
    """Four more clinical colleagues in Riverside (five with Casey), so a readiness pulse can open."""
    from apps.accounts.models import User
    from tests.factories import MembershipFactory, UserFactory

    for i in range(4):
        user = UserFactory(
            organisation_id=world.actors["manager"].organisation_id,
            username=f"clin{i}",
            worker_kind=User.WorkerKind.CLINICAL,
        )
        MembershipFactory(team_id=world.ids["team"], worker=user, joined_on=world.today - timedelta(days=100))


# Group pulses (issue 19): Riverside's seven peer workers (the author, peer2 and the five
# supervisors) were asked the world's pooled pulse; an org admin reads it; nobody else sees it.
ASKED = {a: 200 for a in ("author", "peer2", "supervisor", "lone_supervisor")}
GROUP_PULSES = [
    row("GET", "/api/v1/voice/group-pulses/", default=200),
    row(
        "POST",
        "/api/v1/voice/group-pulses/",
        default=403,
        admin=201,
        other_manager=400,  # Riverside is not a team they can see
        outsider=400,
        body=lambda w: {"kind": "pooled", "teams": [w.ids["team"]], "closes_on": days(w, 10)},
    ),
    row(
        "POST",
        "/api/v1/voice/group-pulses/",
        default=403,
        manager=201,
        admin=201,
        other_manager=400,
        outsider=400,
        before=_riverside_clinicians,
        body=lambda w: {"kind": "readiness", "teams": [w.ids["team"]], "closes_on": days(w, 10)},
    ),
    row("GET", "/api/v1/voice/group-pulses/{group_pulse}/", default=404, admin=200, **ASKED),
    row(
        "POST",
        "/api/v1/voice/group-pulses/{group_pulse}/answer/",
        default=404,
        admin=403,  # reads it, was not asked
        **{actor: 201 for actor in ASKED},
        body=lambda w: {"answers": [3, 4, 2, 5, 3]},
    ),
    row(
        "POST",
        "/api/v1/voice/group-pulses/{group_pulse}/answer/",
        default=404,
        admin=403,
        **{actor: 403 for actor in ASKED},
        before=_nobody_holds_own_credentials,
        body=lambda w: {"answers": [3, 4, 2, 5, 3]},
    ),
]

# The privacy check (issue 18, item 6): anyone signed in checks their own text; it stores nothing.
PRIVACY_CHECK = [
    row(
        "POST",
        "/api/v1/privacy-check/",
        default=200,
        body=lambda w: {"text": "I sat with Mr Jonah Pike, NHS 943 476 5919, at 14 Mill Lane."},
    ),
]


def _new_rater(world):
    return {
        "rater_name": "Matrix Rater",
        "rater_email": f"rater{world.next()}@example.org",
        "relationship": "peer_other_service",
        "competencies": [world.ids["competency"]],
    }


def _rater_answers(world):
    return {
        "answers": {world.ids[key]: {"observed": "often", "comment": "Kind."} for key in ("competency", "competency2")}
    }


# External raters (issue 17, part 5): invitations are their worker's alone (404 for everyone
# else, supervisors included, until accepted as evidence through the portfolio); the rater's
# link needs no account (anyone holding it, signed in or not), and a used link is a 410.
RATERS = [
    row("GET", "/api/v1/raters/invitations/", default=200),
    row("POST", "/api/v1/raters/invitations/", default=201, body=_new_rater),
    row("GET", "/api/v1/raters/invitations/{rater_done}/", default=404, author=200),
    row("POST", "/api/v1/raters/invitations/{rater_open}/revoke/", default=404, author=200),
    row("POST", "/api/v1/raters/invitations/{rater_done}/accept/", default=404, author=200),
    row(
        "POST",
        "/api/v1/raters/invitations/{rater_done}/decline/",
        default=404,
        author=200,
        body=lambda w: {"keep": True},
    ),
    row("GET", "/api/v1/raters/feedback/{rater_token}/", default=200, anonymous=200),
    row("POST", "/api/v1/raters/feedback/{rater_token}/", default=200, anonymous=200, body=_rater_answers),
    row("GET", "/api/v1/raters/feedback/{rater_used_token}/", default=410, anonymous=410),
    row("POST", "/api/v1/raters/feedback/{rater_used_token}/", default=410, anonymous=410, body=_rater_answers),
]

# Portfolio documents (issue 17, parts 6-7): a worker's own alone — anyone else's, managers'
# and org admins' included, does not exist (404); anyone may ask for their own.
PORTFOLIO_DOCUMENTS = [
    row("GET", "/api/v1/portfolio-documents/", default=200),
    row(
        "POST",
        "/api/v1/portfolio-documents/",
        default=202,
        body=lambda w: {"starts_on": days(w, -30), "ends_on": days(w, 0), "sections": ["profile", "hours"]},
    ),
    row("GET", "/api/v1/portfolio-documents/{portfolio_document}/", default=404, author=200),
    row("GET", "/api/v1/portfolio-documents/{portfolio_document}/download/", default=404, author=200),
    row("POST", "/api/v1/portfolio-documents/{portfolio_document}/revoke/", default=404, author=200),
]

MATRIX = [
    *FOUNDATION,
    *PRIVACY_CHECK,
    *AUDIT,
    *REFLECTIONS,
    *BOUNDARIES,
    *WELLBEING,
    *FIDELITY,
    *COMMUNITY,
    *SUPERVISION,
    *ROLES,
    *COMPETENCIES,
    *CREDENTIALS,
    *PORTFOLIO,
    *VOICE,
    *VOICE,
    *GROUP_PULSES,
    *RATERS,
    *PORTFOLIO_DOCUMENTS,
]
