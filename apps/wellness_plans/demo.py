"""Demo wellness plans (invented people): demo-peer's plan shares "What helps" with their peer
supervisor, and "While I step away" with them only while away; demo-peer4 (stepped away in
the wellbeing demo) lets demo-peer2 read how they'd like to come back. Idempotent."""

from datetime import timedelta
from typing import Any

from apps.wellness_plans.models import PlanReader, PlanVersion, WellnessPlan
from apps.wellness_plans.sections import Section

PLANS: dict[str, dict[str, Any]] = {
    "peer": {
        "keeps_well": "A walk at lunchtime, time with my allotment group, and a proper break between hard visits.",
        "early_signs": "I stop eating lunch, I get short with people, and I start working late.",
        "what_helps": "A quiet check-in at the end of the day. Reminding me that it's fine to say no to extra shifts.",
        "at_work": "Give me ten minutes somewhere quiet, then ask what I need. Please don't call my family.",
        "adjustments": [{"what": "No back-to-back home visits on Mondays", "agreed_with": "Morgan Reid"}],
        "contact": "My peer supervisor first.",
        "do_not_contact": "Please don't contact my previous manager.",
        "stepping_away": "A short text once a week is welcome. Start back on two half days.",
    },
    "peer4": {
        "keeps_well": "Sleep, music, and my running club.",
        "stepping_away": "I'd like a phone call a week before I come back, and a first week without crisis visits.",
    },
}
SHARES = [
    ("peer", "supervisor", [Section.WHAT_HELPS], [Section.STEPPING_AWAY]),
    ("peer4", "peer2", [], [Section.STEPPING_AWAY]),
]


def seed(ctx) -> None:
    for key, content in PLANS.items():
        author = ctx.people.get(key)
        if author is None or WellnessPlan.objects.filter(author=author).exists():
            continue
        content = dict(content)
        adjustments = [
            {**a, "agreed_on": (ctx.today - timedelta(days=40)).isoformat()}  # machine date
            for a in content.pop("adjustments", [])
        ]
        plan = WellnessPlan.objects.create(
            organisation=ctx.organisation,
            author=author,
            reviewed_on=ctx.today - timedelta(days=30),
            adjustments=adjustments,
            **content,
        )
        PlanVersion.objects.create(plan=plan, number=1, content=plan.content())
        ctx.note(f"wellness plan of {key}")
    for author_key, reader_key, always, away in SHARES:
        author, reader = ctx.people.get(author_key), ctx.people.get(reader_key)
        shared = WellnessPlan.objects.filter(author=author).first() if author else None
        if shared is None or reader is None:
            continue
        PlanReader.objects.get_or_create(
            plan=shared, reader=reader, defaults={"sections": list(always), "away_sections": list(away)}
        )
