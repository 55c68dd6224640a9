"""Who may do what in the peer community (issue 19, item 1).

| | peer worker of the organisation | peer lead (moderator, a peer worker) | org admin, not a peer worker | manager / clinician / other | another organisation |
|---|---|---|---|---|---|
| the community's pages and lists | yes | yes | 403 | 403 | 403 (their own, empty community) |
| a thread, a post (by id) | yes (hidden posts: author and moderators) | yes, hidden ones too | 404 | 404 | 404 |
| start a thread, reply, share own reflection | yes | yes | 403 | 403 | — |
| withdraw a post | its author | its author | 404 | 404 | 404 |
| hide / restore a post (with a reason) | 403 | yes | 404 | 404 | 404 |
| name or remove peer leads | org admin only (granting reads no content) | org admin only | yes | 403 | — |
| digest on/off | yes (own) | yes (own) | 403 | 403 | — |

"Peer worker" is the worker kind (``User.WorkerKind.PEER``): peer supervisors and peer leads
are peer workers too. Being an org admin, a manager or a supervisor grants nothing here; a
peer lead is a peer worker the org admin named, and stops moderating if no longer a peer.
Lists answer 403 (the page exists, it is not for them); a thread or post by id answers 404
(to them it does not exist), as for every private record in pspteam.
"""

from typing import Any

from apps.accounts.models import User
from apps.core.capabilities import caps

NOT_A_MEMBER = "The peer community is for peer workers only."
NOT_A_MODERATOR = "Only a peer lead moderates the community."
NOT_AN_ADMIN = "Only an org admin names peer leads."


def is_member(user: Any) -> bool:
    """A peer worker of an organisation (the header link, every community page and endpoint)."""
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "organisation_id", None) is not None
        and getattr(user, "worker_kind", None) == User.WorkerKind.PEER
        and getattr(user, "status", None) != User.Status.LEFT
    )


def can_name_moderators(user: User) -> bool:
    """Org admins name peer leads: a grant, which shows no post."""
    return caps(user).is_org_admin
