"""Every write of external feedback: invite, revoke, the rater's view and answers, and the
worker's decision. Each audited in its own transaction; the rater has no account, so their
steps are recorded with no actor, against the worker as subject."""

import hashlib
import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.competencies.models import Competency
from apps.competencies.selectors import competencies_visible_to
from apps.core.api.exceptions import DomainError
from apps.notifications.emails import send_templated_email
from apps.notifications.services import notify
from apps.portfolio.selectors import competencies_for_linking
from apps.portfolio.services import evidence_link
from apps.raters import evidence
from apps.raters.models import Answer, Invitation

logger = logging.getLogger(__name__)

NOTIFICATION_KIND = "rater_feedback_received"
MAX_COMPETENCIES = 12


class TooManyInvitations(DomainError):
    """A rate limit: the API answers 429, the page says when to try again."""


def _audit(invitation: Invitation, detail: str, *, actor: User, action: str) -> None:
    """The worker's own step on their invitation (the subject is the worker themselves)."""
    audit_record(actor=actor, action=action, target=invitation, subject=actor, detail=detail)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rater_link(token: str) -> str:
    return settings.SITE_URL + reverse("raters:respond", kwargs={"rater_token": token})


def _clean_text(value: str, field: str, *, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: "This field may not be blank."})
    if "\x00" in value:
        raise ValidationError({field: "Null characters are not allowed."})
    if len(value) > max_length:
        raise ValidationError({field: f"Ensure this field has no more than {max_length} characters."})
    return value


def _check_rate_limits(actor: User, email: str, now: datetime) -> None:
    per_day = settings.RATER_INVITES_PER_DAY
    sent_today = Invitation.objects.filter(worker=actor, created_at__gt=now - timedelta(days=1)).count()
    if sent_today >= per_day:
        raise TooManyInvitations(
            f"You can send {per_day} feedback invitations a day. Please try again tomorrow.", field="detail"
        )
    per_address = settings.RATER_INVITES_PER_ADDRESS
    window = settings.RATER_ADDRESS_WINDOW_DAYS
    to_address = Invitation.objects.filter(rater_email=email, created_at__gt=now - timedelta(days=window)).count()
    if to_address >= per_address:
        raise TooManyInvitations(
            f"This address has been asked {per_address} times in the last {window} days, which is as many "
            "as we send to one person. Please ask them another way, or later.",
            field="rater_email",
        )


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    rater_name: str,
    rater_email: str,
    relationship: str,
    competencies: Iterable[Competency],
) -> tuple[Invitation, str]:
    """Invite someone without an account to give feedback on the competencies ``actor`` chose.
    Returns the invitation and the link's token (e-mailed once, never stored). The e-mail holds
    only the link and the worker's display name."""
    rater_name = _clean_text(rater_name, "rater_name", max_length=120, required=True)
    # Kept in lower case: the per-address limit counts one person's address however it is typed.
    rater_email = (rater_email or "").strip().lower()
    if not rater_email:
        raise ValidationError({"rater_email": "Enter their e-mail address."})
    try:
        validate_email(rater_email)
    except ValidationError:
        raise ValidationError({"rater_email": "Enter a valid e-mail address."}) from None
    if relationship not in Invitation.Relationship.values:
        raise ValidationError({"relationship": f'"{relationship}" is not a valid choice.'})
    chosen = list(dict.fromkeys(competencies))
    if not chosen:
        raise ValidationError({"competencies": "Choose at least one competency to ask about."})
    if len(chosen) > MAX_COMPETENCIES:
        raise ValidationError({"competencies": f"Choose at most {MAX_COMPETENCIES} competencies."})
    visible = set(competencies_visible_to(actor).filter(pk__in=[c.pk for c in chosen]).values_list("pk", flat=True))
    if any(c.pk not in visible for c in chosen):
        raise ValidationError({"competencies": "Choose competencies from your frameworks."})
    # Someone outside sees the worker's practice; the worker's own wellbeing and what the
    # organisation provides are not theirs to rate (issue 18, item 5).
    if any(c.kind != Competency.Kind.PRACTICE for c in chosen):
        raise ValidationError(
            {
                "competencies": "Choose practice competencies: a rater is not asked about your "
                "own wellbeing or about what the organisation provides."
            }
        )
    if actor.email and rater_email.lower() == actor.email.lower():
        raise ValidationError({"rater_email": "Ask someone else: this is your own address."})
    organisation_id = actor.organisation_id
    if organisation_id is None:
        raise PermissionDenied("Only a member of an organisation can ask for feedback.")
    # One invitation at a time per worker: two tabs cannot both pass the daily limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    now = timezone.now()
    _check_rate_limits(actor, rater_email, now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation_id=organisation_id,
        worker=actor,
        rater_name=rater_name,
        rater_email=rater_email,
        relationship=relationship,
        token_digest=token_digest(token),
        expires_at=now + timedelta(days=settings.RATER_LINK_DAYS),
    )
    invitation.competencies.set(chosen)
    _audit(invitation, "feedback invitation", actor=actor, action=AuditEvent.Action.CREATE)
    worker_name = actor.display_name or actor.username
    link = rater_link(token)
    days = settings.RATER_LINK_DAYS

    def send() -> None:
        # Only the link and the worker's display name: nothing the worker wrote, not even the
        # competencies (the page shows those to whoever holds the link).
        send_templated_email(
            "rater_invitation",
            to=rater_email,
            context={"worker_name": worker_name, "link": link, "days": days},
        )

    transaction.on_commit(send, robust=True)
    return invitation, token


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """The worker withdraws an open invitation: its link stops working at once."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.worker_id != actor.pk:
        raise PermissionDenied("Only the person who sent this invitation can withdraw it.")
    if not locked.is_open:
        raise ValidationError(
            {"detail": f"This invitation can no longer be withdrawn: it is {locked.state_label.lower()}."}
        )
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    _audit(locked, "feedback invitation withdrawn", actor=actor, action=AuditEvent.Action.UPDATE)
    return locked


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token opens, whatever its state (``None`` for a guess)."""
    if not token or len(token) > 200:
        return None
    return Invitation.objects.select_related("worker").filter(token_digest=token_digest(token)).first()


@transaction.atomic
def rater_page_viewed(*, invitation: Invitation) -> None:
    """The rater opened the page of an open invitation (audited, no actor: they have no account)."""
    if invitation.viewed_at is None:
        Invitation.objects.filter(pk=invitation.pk, viewed_at__isnull=True).update(viewed_at=timezone.now())
    audit_record(
        actor=None,
        action=AuditEvent.Action.READ,
        target=invitation,
        subject=invitation.worker,
        detail="rater opened the feedback page",
    )


def _clean_answers(invitation: Invitation, answers: Any) -> list[Answer]:
    """``answers``: {competency id: {"observed": ..., "comment": ...}} for every competency asked
    about. A 400 naming ``answers`` (and the competency) for anything else."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": "Send an answer for each competency."})
    asked = {str(c.pk): c for c in invitation.competencies.all()}
    unknown = sorted(set(map(str, answers)) - set(asked))
    if unknown:
        raise ValidationError({"answers": "Answer only the competencies you were asked about."})
    rows = []
    for key, competency in asked.items():
        answer = answers.get(key)
        if not isinstance(answer, Mapping):
            raise ValidationError({"answers": f"Say how often you saw {competency.code} {competency.title}."})
        extra = set(answer) - {"observed", "comment"}
        if extra:
            raise ValidationError({"answers": f"Unknown part of an answer: {', '.join(sorted(map(str, extra)))}."})
        observed = answer.get("observed")
        if observed not in Answer.Observed.values:
            raise ValidationError({"answers": f"Say how often you saw {competency.code} {competency.title}."})
        comment = answer.get("comment") or ""
        if not isinstance(comment, str):
            raise ValidationError({"answers": "A comment is text."})
        comment = _clean_text(comment, "answers", max_length=500, required=False)
        rows.append(Answer(invitation=invitation, competency=competency, observed=observed, comment=comment))
    return rows


@transaction.atomic
def feedback_submit(*, invitation: Invitation, answers: Any) -> Invitation:
    """The rater's answers, once. The worker is told that feedback arrived (no content, no name)."""
    locked = Invitation.objects.select_for_update().select_related("worker").get(pk=invitation.pk)
    if not locked.is_open:
        raise ValidationError(
            {
                "detail": "This link no longer works: the feedback was already sent, or the link expired or was withdrawn."
            }
        )
    rows = _clean_answers(locked, answers)
    Answer.objects.bulk_create(rows)
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at", "updated_at"])
    audit_record(
        actor=None,
        action=AuditEvent.Action.CREATE,
        target=locked,
        subject=locked.worker,
        detail="feedback submitted by rater",
    )
    notify(
        recipient=locked.worker,
        kind=NOTIFICATION_KIND,
        message="Feedback you asked for has arrived. Only you can read it.",
        link=reverse("raters:invitation-detail", kwargs={"invitation_id": locked.pk}),
        email=True,
    )
    return locked


@transaction.atomic
def feedback_read(*, actor: User, invitation: Invitation) -> None:
    """The worker reads the answers: audited (a private body), and the first read is kept."""
    if invitation.submitted_at is None or invitation.worker_id != actor.pk:
        return
    if invitation.read_at is None:
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, read_at__isnull=True).update(read_at=now)
        invitation.read_at = now
    _audit(invitation, "feedback answers read", actor=actor, action=AuditEvent.Action.READ)


def _decidable(actor: User, invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.worker_id != actor.pk:
        raise PermissionDenied("Only the person who asked for this feedback can decide about it.")
    if locked.submitted_at is None:
        raise ValidationError({"detail": "There is no feedback to decide about yet."})
    if locked.decision != Invitation.Decision.PENDING:
        raise ValidationError({"detail": f"You already decided: {locked.get_decision_display().lower()}."})
    return locked


@transaction.atomic
def feedback_accept(*, actor: User, invitation: Invitation) -> Invitation:
    """Add the feedback to the worker's portfolio as evidence for the competencies asked about."""
    locked = _decidable(actor, invitation)
    locked.decision = Invitation.Decision.ACCEPTED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["decision", "decided_at", "updated_at"])
    _audit(locked, "feedback accepted as evidence", actor=actor, action=AuditEvent.Action.UPDATE)
    _link_as_evidence(actor, locked)
    return locked


def _link_as_evidence(actor: User, invitation: Invitation) -> list[Any]:
    """Link accepted feedback to each competency the rater was asked about that a framework of
    the organisation still uses (the portfolio's own service: audited, per link). A competency
    already holding this feedback, or full, is left as it is: accepting never fails on it."""
    asked = invitation.competencies.values_list("pk", flat=True)
    links = []
    for competency in competencies_for_linking(actor).filter(pk__in=asked):
        try:
            links.append(evidence_link(actor=actor, competency=competency, kind=evidence.KIND, object_id=invitation.pk))
        except ValidationError:
            continue
    return links


@transaction.atomic
def feedback_decline(*, actor: User, invitation: Invitation, keep: bool) -> Invitation:
    """Not evidence: kept private to the worker (``keep``) or its answers deleted."""
    locked = _decidable(actor, invitation)
    locked.decided_at = timezone.now()
    if keep:
        locked.decision = Invitation.Decision.KEPT_PRIVATE
    else:
        locked.decision = Invitation.Decision.DELETED
        Answer.objects.filter(invitation=locked).delete()
    locked.save(update_fields=["decision", "decided_at", "updated_at"])
    if keep:
        _audit(locked, "feedback kept private", actor=actor, action=AuditEvent.Action.UPDATE)
    else:
        _audit(locked, "feedback answers deleted", actor=actor, action=AuditEvent.Action.DELETE)
    return locked
