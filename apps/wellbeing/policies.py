"""Who reads a check-in (spec §2, issue 13).

One rule, written once as a ``Q`` (``read_filter``); ``can_read`` asks that same filter.

* the author: always;
* a supervisor the author named when sharing it (``share_with_supervisor`` and
  ``readers``), while they supervise the author under an agreement in force today, of any
  kind: a check-in shared with supervisor A is never read by supervisor B;
* nobody else — managers and org admins never read check-ins; nobody but the author reads
  anything of an author who has left.
"""

from django.db.models import Q

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.core.sharing import author_not_left_q, named_reader_q
from apps.wellbeing.models import CheckIn


def supervisor_read_filter(user: User) -> Q:
    """Check-ins ``user`` reads as a named supervisor of their author."""
    return (
        Q(share_with_supervisor=True)
        & named_reader_q(user, CheckIn.readers.through, "checkin_id")
        & author_not_left_q(user)
    )


def read_filter(user: User) -> Q:
    """The read rule as a ``Q`` over ``CheckIn`` (organisation scoping is the selector's)."""
    return Q(author_id=user.pk) | supervisor_read_filter(user)


def can_read(user: User, check_in: CheckIn) -> bool:
    """The instance form of ``read_filter``."""
    return (
        check_in.organisation_id == user.organisation_id
        and CheckIn.objects.filter(pk=check_in.pk).filter(read_filter(user)).exists()
    )


def can_edit_support_contacts(user: User) -> bool:
    """The organisation's support contacts are an org setting: org admins keep them; everyone
    in the organisation reads them."""
    return caps(user).is_org_admin
