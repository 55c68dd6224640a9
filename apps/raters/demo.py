"""Demo feedback from external raters for Pat: one accepted as evidence, one waiting for Pat's
decision, one still open. Idempotent: looked up by the rater's address, created only when missing."""

from apps.competencies.models import Competency
from apps.raters import services
from apps.raters.models import Invitation

# rater name, address, relationship, competency codes, answers (observed, comment) or None, decision
INVITATIONS = [
    (
        "Dr Jo Okafor",
        "jo.okafor@example.org",
        "clinical_colleague",
        ["LE1", "BS2"],
        [("consistently", "Shares their story with a clear purpose in ward rounds."), ("often", "")],
        "accept",
    ),
    (
        "Sky Morgan",
        "sky.morgan@example.org",
        "peer_other_service",
        ["MR1"],
        [("often", "Brings hope into the drop-in without overpromising.")],
        None,
    ),
    ("Lee Trainer", "lee.trainer@example.org", "trainer", ["US2", "WT1"], None, None),
]


def seed(ctx) -> None:
    worker = ctx.people["peer"]
    for name, email, relationship, codes, answers, decision in INVITATIONS:
        if Invitation.objects.filter(worker=worker, rater_email=email).exists():
            continue
        competencies = list(Competency.objects.filter(framework__organisation__isnull=True, code__in=codes))
        competencies.sort(key=lambda c: codes.index(c.code))
        if len(competencies) != len(codes):
            continue
        invitation, _token = services.invitation_create(
            actor=worker, rater_name=name, rater_email=email, relationship=relationship, competencies=competencies
        )
        if answers is not None:
            services.feedback_submit(
                invitation=invitation,
                answers={
                    str(c.pk): {"observed": observed, "comment": comment}
                    for c, (observed, comment) in zip(competencies, answers, strict=True)
                },
            )
            if decision == "accept":
                services.feedback_accept(actor=worker, invitation=invitation)
        ctx.note(f"feedback invitation to {name}")
