"""The real WSGI application, for an organisation that also e-mails "a reflection / boundary note
was shared with you" (so that saving one publishes a Celery task, whose logs the test reads)."""

from pspteam.wsgi import application


def _email_shared_entries() -> None:
    # After pspteam.wsgi has set Django up: the services import models.
    from apps.notifications.services import register_emailed_kind

    register_emailed_kind("reflection_shared", "boundary_note_submitted")


_email_shared_entries()

__all__ = ["application"]
