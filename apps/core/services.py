from django.contrib.sessions.models import Session
from django.utils import timezone
from knox.models import AuthToken

from apps.core.models import SchedulerHeartbeat


def housekeeping_run() -> dict:
    """Delete expired API tokens and sessions; record that the job ran."""
    now = timezone.now()
    tokens, _ = AuthToken.objects.filter(expiry__lt=now).delete()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    SchedulerHeartbeat.beat("housekeeping")
    return {"expired_tokens_deleted": tokens, "expired_sessions_deleted": sessions}
