"""Existing notifications to the new shape: the names written into their messages become
``{actor}`` / ``{about}`` placeholders linked to the person, so they are rendered at read time.

Each kind made before this migration has a known wording (apps/*/services.py and the reminder
kinds); a pattern per kind finds where the name sits. The name is then matched to a worker of
the same organisation (display name, else username). A name that matches nobody is a worker who
was already erased (or renamed): the placeholder stays, with no person, and reads "A former
colleague" — the old name is removed either way. Reminder notifications share their reminder's
id, whose ``about`` says who they are about. Kinds without a known wording are left as they are.
"""

import re

from django.db import migrations

# kind → pattern; the named groups are the names, "actor" (who did it) and "about" (whom it concerns).
PATTERNS = {
    "boundary_note_submitted": r"^(?P<actor>.+) submitted a boundary note for review\.$",
    "boundary_note_reviewed": r"^(?P<actor>.+) reviewed your boundary note\.$",
    "boundary_note_follow_up": r"^(?P<actor>.+) added a follow-up to a boundary note you reviewed\.$",
    "worker_stepped_away": r"^(?P<actor>.+) has stepped away until .+\. Supervision reminders are paused\.$",
    "worker_returned": r"^(?P<actor>.+) is back from stepping away\.$",
    "reflection_shared": r"^(?P<actor>.+) shared a reflection with you\.$",
    "reflection_acknowledged": r"^(?P<actor>.+) acknowledged your reflection: seen, thank you\.$",
    "reflection_comment": r"^(?P<actor>.+) commented on your reflection\.$",
    "reflection_comment_reply": r"^(?P<actor>.+) replied on a reflection you commented on\.$",
    "supervision_requested": r"^(?P<actor>.+) asked for [^.]+ now\.$",
    "session_recorded": r"^(?P<actor>.+) recorded your supervision session of [^.]+\.$",
    "competency_signed_off": r"^(?P<actor>.+) signed off your self-assessment of [^ ]+\.$",
    "competency_more_evidence": r"^(?P<actor>.+) asked for more evidence on your self-assessment of [^ ]+\.$",
    "agreement_created": r"^[^:]+ agreement: (?P<actor>.+) and (?P<about>.+), from [^,]+\.$",
    "supervision_due_soon": r"^Supervision with (?P<about>.+) is due on [^.]+\.$",
    "supervision_overdue": r"^Supervision with (?P<about>.+) was due on .+ and is overdue\.$",
    "supervision_escalated": r"^(?P<about>.+)'s supervision has been overdue since [^.]+\.$",
    "boundary_review_due": r"^A boundary note from (?P<about>.+) is waiting for your review\.$",
    "boundary_review_escalated": r"^A boundary note from (?P<about>.+) has not been reviewed by its supervisor yet\.$",
    "peer_without_agreement": r"^(?P<about>.+) has no active peer supervision agreement\.$",
    "training_expired": r"^A training record of (?P<about>.+) reached its expiry date on [^.]+\.$",
}
COMPILED = {kind: re.compile(pattern, re.DOTALL) for kind, pattern in PATTERNS.items()}


def _names_by_org(User):
    """{organisation id: {name: user id}}; a shared name maps to one of its holders (it reads
    the same either way)."""
    names: dict = {}
    for pk, org, display_name, username in User.objects.values_list("pk", "organisation_id", "display_name", "username"):
        org_names = names.setdefault(org, {})
        org_names.setdefault(display_name or username, pk)
        org_names.setdefault(username, pk)
    return names


def reshape(template: str, kind: str, names: dict):
    """(new template, actor id, about id), or None when the row is left as it is."""
    pattern = COMPILED.get(kind)
    if pattern is None:
        return None
    match = pattern.match(template)
    if match is None:
        return None
    people = {}
    if kind == "agreement_created":
        # "… agreement: A and B, from …": a name may itself hold " and "; prefer the split whose
        # both halves are known people.
        head, tail = template[: match.start("actor")], template[match.end("about") :]
        both = template[match.start("actor") : match.end("about")]
        parts = both.split(" and ")
        splits = [(" and ".join(parts[:i]), " and ".join(parts[i:])) for i in range(1, len(parts))]
        actor, about = next(((a, b) for a, b in splits if a in names and b in names), splits[-1])
        people = {"actor": names.get(actor), "about": names.get(about)}
        return f"{head}{{actor}} and {{about}}{tail}", people["actor"], people["about"]
    pieces, last = [], 0
    for group in ("actor", "about"):
        if group in pattern.groupindex and match.group(group) is not None:
            start, end = match.span(group)
            pieces.append((start, end, group))
            people[group] = names.get(match.group(group))
    new = ""
    for start, end, group in sorted(pieces):
        new += template[last:start] + "{" + group + "}"
        last = end
    new += template[last:]
    return new, people.get("actor"), people.get("about")


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    User = apps.get_model("accounts", "User")
    Reminder = apps.get_model("reminders", "Reminder")
    names = _names_by_org(User)
    rows = Notification.objects.filter(kind__in=list(PATTERNS)).values_list(
        "pk", "organisation_id", "kind", "message_template"
    )
    changed = []
    for pk, org, kind, template in rows.iterator(chunk_size=2000):
        result = reshape(template, kind, names.get(org, {}))
        if result is not None:
            changed.append(Notification(pk=pk, message_template=result[0], actor_id=result[1], about_id=result[2]))
        if len(changed) >= 1000:
            _save(Notification, Reminder, changed)
            changed = []
    _save(Notification, Reminder, changed)


def _save(Notification, Reminder, changed):
    if not changed:
        return
    # A reminder's notification has the reminder's id; its ``about`` is who it is about.
    about = dict(Reminder.objects.filter(pk__in=[n.pk for n in changed]).values_list("pk", "about_id"))
    for n in changed:
        if "{about}" in n.message_template and about.get(n.pk):
            n.about_id = about[n.pk]
    Notification.objects.bulk_update(changed, ["message_template", "actor_id", "about_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_people_named_at_read_time"),
        ("reminders", "0001_initial"),
        ("accounts", "0002_sign_in_sessions"),
    ]

    # Backwards is a no-op: the names stay out on purpose (an erased name must never come back).
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
