def seed(ctx) -> None:
    """Demo data for this app (idempotent)."""
