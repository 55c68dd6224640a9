"""Who may do what with credential hours (issue 17, part 3).

| | the worker | supervisor | manager | org admin |
|---|---|---|---|---|
| practice log (read, write, notes) | own | — | — | — |
| which profiles they track | own | — | — | — |
| hours totals and profile progress | own | — | — | — |

Nobody else reads a practice log: another person's entry does not exist for them (404). A
worker shares their hours by choosing to (the portfolio PDF, issue 17 part 6), never by default.
"""

from apps.accounts.models import User


def can_write_own(user: User, worker_id: object) -> bool:
    """Practice entries and profile choices are the worker's own."""
    return worker_id == user.pk
