"""What reflections adds to "my day" and the team page (registered in apps.py)."""

from typing import Any

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.reflections.selectors import (
    recent_comments_for_author,
    supervisee_awaiting_acknowledgement_count,
    team_feed_summary,
)
from apps.teams.models import Team


def my_day_panel(user: User) -> dict[str, Any]:
    return {
        "comments": recent_comments_for_author(user),
        "is_supervisor": bool(caps(user).supervisee_ids),
        "awaiting_acknowledgement": supervisee_awaiting_acknowledgement_count(user),
    }


def team_panel(user: User, team: Team) -> dict[str, Any]:
    return {"team": team, **team_feed_summary(user, team)}
