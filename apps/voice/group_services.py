"""Every write to a group pulse: open it (taking who is asked), answer it, mix it.

Answers travel as in the team pulse (``services``): the invitee is marked as having answered in
one transaction, the sealed answer is written in another, and the mix opens the seals once the
pulse has closed. The difference: the mix writes no answer rows at all, only the sums of the
breakdowns ``release.releasable`` allows, and a row saying which breakdowns were withheld.
"""

import logging
import secrets
from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.dates import org_today, prose_date
from apps.notifications.services import notify
from apps.teams.models import Team
from apps.voice import group_policies, sealing
from apps.voice.group_models import GroupPulse, GroupPulseInvitee, GroupPulseResult, SealedGroupAnswer
from apps.voice.group_selectors import audience, history_sets, in_breakdown
from apps.voice.policies import min_group
from apps.voice.questions import CURRENT_SET, READINESS_SET, SCALE
from apps.voice.release import releasable
from apps.voice.services import MAX_PULSE_DAYS, check_answers

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


def _link(pulse: GroupPulse) -> str:
    return reverse("voice:group-pulse", kwargs={"group_pulse_id": pulse.pk})


def _check_closes_on(closes_on, today) -> None:
    if closes_on is None or closes_on < today:
        raise ValidationError({"closes_on": "The closing date cannot be in the past."})
    if closes_on > today + timedelta(days=MAX_PULSE_DAYS):
        raise ValidationError({"closes_on": f"Keep a pulse open for at most {MAX_PULSE_DAYS} days."})


def too_few_asked(count: int) -> str:
    minimum = min_group()
    return (
        f"A pulse needs at least {minimum} people who could answer it: members of its teams of the chosen kind, "
        f"not managers, who have set their own password. Only {count if count else 'no one'} could, so its results "
        "could never be shown without pointing at someone. Choose more teams, or the whole organisation."
    )


def group_pulse_open(
    *,
    actor: User,
    kind: str,
    closes_on,
    teams: list[Team] | None = None,
    whole_organisation: bool = False,
    audience_: str = GroupPulse.Audience.PEERS,
) -> GroupPulse:
    """Open a pooled peer-voice pulse (org admin: chosen teams or the whole organisation; peer
    workers, or peer workers and clinicians) or a team's readiness pulse (its managers: its
    clinical colleagues). Who is asked is taken now and fixed (``GroupPulseInvitee``)."""
    me = caps(actor)
    today = me.today
    org_id = me.organisation_id
    if org_id is None:
        raise PermissionDenied(group_policies.ONLY_ADMINS_POOL)
    teams = list(teams or [])
    if kind == GroupPulse.Kind.POOLED:
        require(group_policies.can_open_pooled(actor), group_policies.ONLY_ADMINS_POOL)
        if audience_ not in (GroupPulse.Audience.PEERS, GroupPulse.Audience.EVERYONE):
            raise ValidationError({"audience": "Choose peer workers, or peer workers and clinicians."})
        if whole_organisation:
            teams = list(Team.objects.filter(organisation_id=org_id))
        elif not teams:
            raise ValidationError({"teams": "Choose at least one team, or the whole organisation."})
        question_set = CURRENT_SET
    elif kind == GroupPulse.Kind.READINESS:
        if len(teams) != 1:
            raise ValidationError({"teams": "A readiness pulse is for one team: choose exactly one."})
        require(group_policies.can_open_readiness(actor, teams[0].pk), group_policies.ONLY_MANAGERS_READINESS)
        audience_, whole_organisation, question_set = GroupPulse.Audience.CLINICAL, False, READINESS_SET
    else:
        raise ValidationError({"kind": "Choose pooled or readiness."})
    if any(t.organisation_id != org_id for t in teams):
        raise ValidationError({"teams": "Choose teams of your organisation."})
    _check_closes_on(closes_on, today)
    with transaction.atomic():
        # One open readiness pulse per team, no race (the team row is the lock).
        locked = list(Team.objects.select_for_update().filter(pk__in=[t.pk for t in teams]).order_by("pk"))
        if kind == GroupPulse.Kind.READINESS:
            current = GroupPulse.objects.filter(
                kind=kind, teams__in=locked, opened_on__lte=today, closes_on__gte=today
            ).first()
            if current is not None:
                raise ValidationError(
                    {"teams": f"A readiness pulse is already open for this team until {prose_date(current.closes_on)}."}
                )
        asked = audience([t.pk for t in locked], audience_, today=today, exclude=actor.pk)
        if len(asked) < min_group():
            raise ValidationError({"teams": too_few_asked(len(asked))})
        pulse = GroupPulse.objects.create(
            organisation_id=org_id,
            kind=kind,
            audience=audience_,
            whole_organisation=whole_organisation,
            opened_by=actor,
            opened_on=today,
            closes_on=closes_on,
            question_set=question_set,
        )
        pulse.teams.set(locked)
        GroupPulseInvitee.objects.bulk_create(
            GroupPulseInvitee(pulse=pulse, worker_id=w, worker_kind=p["kind"], team_ids=[str(t) for t in p["teams"]])
            for w, p in asked.items()
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=pulse, detail=f"{kind} {closes_on}")
        what = "pooled peer-voice" if kind == GroupPulse.Kind.POOLED else "team readiness"
        for worker in User.objects.filter(pk__in=list(asked)):
            notify(
                recipient=worker,
                kind="voice_group_pulse_open",
                message=f"A short anonymous {what} pulse is open for you until {prose_date(closes_on)}.",
                link=_link(pulse),
            )
    return pulse


def group_pulse_answer(*, actor: User, pulse: GroupPulse, answers: object) -> None:
    """Take one anonymous answer (two transactions, as ``services.pulse_answer``; returns nothing)."""
    values = check_answers(answers)
    with transaction.atomic():
        pulse = GroupPulse.objects.select_for_update().get(pk=pulse.pk)
        invitee = GroupPulseInvitee.objects.select_for_update().filter(pulse=pulse, worker_id=actor.pk).first()
        refusal = group_policies.answer_refusal(
            actor,
            pulse,
            invited=invitee is not None,
            answered=bool(invitee and invitee.answered),
            today=caps(actor).today,
        )
        if refusal in (group_policies.ALREADY, group_policies.NOT_OPEN):
            raise ValidationError({"pulse": refusal})
        if refusal:
            raise PermissionDenied(refusal)
        assert invitee is not None  # refused above otherwise
        GroupPulseInvitee.objects.filter(pk=invitee.pk).update(answered=True)
        tags = {"a": values, "k": invitee.worker_kind, "t": sorted(str(t) for t in invitee.team_ids)}
    with transaction.atomic():
        pulse = GroupPulse.objects.select_for_update().get(pk=pulse.pk)
        assert actor.organisation is not None
        if pulse.state_on(org_today(actor.organisation)) != "open":
            raise ValidationError({"pulse": "This pulse closed as you answered; your answer could not be counted."})
        SealedGroupAnswer.objects.create(pulse=pulse, sealed=sealing.seal_group_answer(pulse.pk, tags))


def candidates(pulse: GroupPulse, teams: list[Team]) -> list[tuple[str, str]]:
    """The breakdowns a pulse may show, most important first (the rule tries them in this order)."""
    if pulse.kind == GroupPulse.Kind.READINESS:
        return [("all", "Clinical colleagues")]
    if pulse.audience == GroupPulse.Audience.PEERS:
        keys = [("all", "All peer workers asked")]
    else:
        keys = [("all", "Everyone who answered"), ("kind:peer", "Peer workers"), ("kind:clinical", "Clinicians")]
    if len(teams) > 1:
        keys += [(f"team:{t.pk}", t.name) for t in sorted(teams, key=lambda t: t.name)]
    return keys


def _sums(rows: list[list[int]]) -> list[dict]:
    out = []
    for i in range(len(rows[0])):
        column = [row[i] for row in rows]
        out.append(
            {
                "mean": round(sum(column) / len(column), 2),
                "distribution": {str(v): column.count(v) for v in SCALE},
            }
        )
    return out


def group_pulse_mix(pulse_id: UUID | str) -> int:
    """Write a closed pulse's breakdowns (once; repeats are no-ops). Returns how many were released.

    The people behind each breakdown come from the invitees who answered; the answers from the
    seals, each tagged as its invitee was. If they do not match (an answer lost between its two
    transactions, or a seal that no longer opens) nothing is released: the sets the rule checked
    would not be the sets summed."""
    with transaction.atomic():
        pulse = GroupPulse.objects.select_for_update().select_related("organisation").filter(pk=pulse_id).first()
        if pulse is None or pulse.mixed or pulse.state_on(org_today(pulse.organisation)) != "closed":
            return 0
        waiting = list(SealedGroupAnswer.objects.filter(pulse=pulse).values_list("pk", "sealed"))
        answers = []
        for _pk, sealed in waiting:
            try:
                answers.append(sealing.unseal_group_answer(pulse.pk, sealed))
            except sealing.SealError:
                logger.warning("voice group mix: a sealed answer did not open and was dropped")
        _random.shuffle(answers)
        answered = list(
            GroupPulseInvitee.objects.filter(pulse=pulse, answered=True).values_list(
                "worker_id", "worker_kind", "team_ids"
            )
        )
        teams = list(pulse.teams.all())
        keys = candidates(pulse, teams)
        people = {key: frozenset(w for w, kind, t in answered if in_breakdown(key, kind, t)) for key, _label in keys}
        whole = len(answers) == len(answered)
        allowed = (
            set(releasable(((k, people[k]) for k, _ in keys), shown=history_sets(pulse), minimum=min_group()))
            if whole
            else set()
        )
        results = []
        for position, (key, label) in enumerate(keys):
            if key in allowed:
                rows = [a["a"] for a in answers if in_breakdown(key, a["k"], a["t"])]
                results.append(
                    GroupPulseResult(
                        pulse=pulse,
                        key=key,
                        label=label,
                        position=position,
                        released=True,
                        responses=len(rows),
                        sums=_sums(rows),
                    )
                )
            else:
                results.append(GroupPulseResult(pulse=pulse, key=key, label=label, position=position, released=False))
        GroupPulseResult.objects.bulk_create(results)
        SealedGroupAnswer.objects.filter(pk__in=[pk for pk, _ in waiting]).delete()
        GroupPulse.objects.filter(pk=pulse.pk).update(mixed=True)
    return len(allowed)


def group_mix_due() -> int:
    """Mix every closed group pulse not mixed yet, each in its own transaction."""
    mixed = 0
    # Closed somewhere on earth (the pulse's own organisation's date decides, under its lock).
    soon = timezone.now().date() + timedelta(days=1)
    for pulse_id in (
        GroupPulse.objects.filter(mixed=False, closes_on__lt=soon).order_by("closes_on").values_list("pk", flat=True)
    ):
        mixed += bool(group_pulse_mix(pulse_id))
    return mixed
