"""In-app messages to one user. They never carry sensitive text: only what happened and a link.

People are named at read time, never stored by name: ``message_template`` holds ``{actor}``
(who did it) and ``{about}`` (whom it concerns) where a name goes, and the ``actor`` / ``about``
foreign keys say who; :attr:`Notification.message` renders them with each person's *current*
display name. So a renamed person shows their new name, and an erased one ("Erased worker")
leaves their name nowhere (issue 13, case 10).

A notification may also be e-mailed. The e-mail's delivery state lives on the row (the
database is the truth; Celery is the doorbell, STYLE 15):

* ``email_status`` ``pending`` → a task will send it; ``sent`` once the SMTP server took it
  (``email_sent_at`` is set once; delivery is at least once, see ``notification_email_send``); ``failed`` after ``NOTIFICATION_EMAIL_MAX_ATTEMPTS``; ``none`` when not wanted
  or the recipient has no address.
* ``email_next_attempt_at`` is the due column of the sweep that (re)publishes pending e-mails
  (``notification_emails_dispatch``, run by ``dispatch_due_emails`` every
  ``NOTIFICATION_EMAIL_SWEEP_INTERVAL`` seconds and by every reminder scan): a retry whose backoff
  has passed, a message lost with Redis, a worker killed mid-send, or a publish that failed is
  picked up again once it is due. Retries wait here, never on a worker.
* ``email_claimed_until`` is the lease of the one task sending it right now; a worker that dies
  mid-send leaves its claim to expire and the e-mail is retried.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel

# The placeholders a template may hold, each the name of a foreign key below.
PEOPLE = ("actor", "about")
# A person the template names but who is unknown (a row migrated from before people were linked,
# whose name matched nobody: they had already been erased).
UNKNOWN_PERSON = "A former colleague"


def render_message(template: str, names: dict) -> str:
    """Put each ``{actor}`` / ``{about}`` of ``template`` by the name given for it. Only these two
    exact tokens are replaced, so other braces in a message (e.g. a team's name) stay as they are."""
    for placeholder in PEOPLE:
        token = "{" + placeholder + "}"
        if token in template:
            template = template.replace(token, names.get(placeholder) or UNKNOWN_PERSON)
    return template


class Notification(TimeStampedModel):
    class EmailStatus(models.TextChoices):
        NONE = "none", "Not e-mailed"
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    # What happened, with ``{actor}`` / ``{about}`` where a person's name goes (see above).
    message_template = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    email_status = models.CharField(max_length=16, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_claimed_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The header's unread count and "my notifications": a recipient's newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            # notification_emails_dispatch(): pending e-mails whose next attempt is due.
            models.Index(
                fields=["email_next_attempt_at"],
                condition=Q(email_status="pending"),
                name="notification_email_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email_sent_at__isnull=True) | Q(email_status="sent"),
                name="notification_email_sent_when_sent",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"

    @property
    def message(self) -> str:
        """The message as the recipient reads it, with the current names of the people in it.
        Lists load the people with ``select_related("actor", "about")`` (see selectors)."""
        names = {}
        for placeholder in PEOPLE:
            if "{" + placeholder + "}" in self.message_template:
                person = getattr(self, placeholder)
                names[placeholder] = (person.display_name or person.username) if person else None
        return render_message(self.message_template, names)
