"""Checking and applying big files in the background (thin wrappers over ``services``)."""

from celery import shared_task

from apps.imports.services import import_apply, import_check


@shared_task(name="apps.imports.tasks.check", ignore_result=True, soft_time_limit=3600, time_limit=3700)
def check(run_id: str) -> None:
    """The dry run of one uploaded file (a repeated message finds it checked and does nothing)."""
    import_check(run_id=run_id)


@shared_task(name="apps.imports.tasks.apply", ignore_result=True, soft_time_limit=3600, time_limit=3700)
def apply(run_id: str) -> None:
    """Apply one checked file, all or nothing."""
    import_apply(run_id=run_id)
