"""The voice's mixing task: thin wrappers over ``services`` (the database is the truth; a lost or
repeated message is harmless, the next sweep finds whatever is due)."""

import logging

from celery import shared_task

from apps.core.models import SchedulerHeartbeat
from apps.voice.group_services import group_mix_due
from apps.voice.services import feedback_release, mix_due

logger = logging.getLogger(__name__)


@shared_task(name="apps.voice.tasks.mix", ignore_result=True)
def mix() -> dict:
    """Periodic (beat, every ``VOICE_MIX_INTERVAL`` seconds): write every closed pulse's waiting
    answers and every ready feedback pool, each as one shuffled batch, and every closed group
    pulse's released breakdowns."""
    result = mix_due()
    result["group_pulses_mixed"] = group_mix_due()
    SchedulerHeartbeat.beat("voice.mix")
    logger.info("voice mix: %s", result)  # counts only
    return result


@shared_task(name="apps.voice.tasks.release_feedback", ignore_result=True)
def release_feedback(team_id: str) -> int:
    """Rung after each message: release the team's pool if enough different people have written."""
    return feedback_release(team_id)
