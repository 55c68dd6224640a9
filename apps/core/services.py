from django.contrib.sessions.models import Session
from django.utils import timezone
from knox.models import AuthToken

from apps.core.idempotency import delete_expired as delete_expired_idempotency_keys
from apps.core.models import SchedulerHeartbeat


def housekeeping_run() -> dict:
    """Delete expired API tokens, sessions and idempotency keys; record that the job ran."""
    now = timezone.now()
    tokens, _ = AuthToken.objects.filter(expiry__lt=now).delete()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    keys = delete_expired_idempotency_keys()  # stored answers may hold private text: kept 24 h, no more
    SchedulerHeartbeat.beat("housekeeping")
    return {"expired_tokens_deleted": tokens, "expired_sessions_deleted": sessions, "idempotency_keys_deleted": keys}
