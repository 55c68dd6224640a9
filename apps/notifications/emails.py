"""Rendering and sending e-mails from ``templates/emails/<name>/``.

E-mails carry no reflection, note or check-in text: only what happened and a link.
"""

from collections.abc import Callable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string, select_template

# Extra parts of a notification's e-mail by kind: ``build(notification)`` returns ``(text,
# mimetype)`` or ``None``, e.g. supervision's calendar invitations (``text/calendar;
# method=REQUEST``), added as an alternative so that mail clients show a meeting to accept.
EMAIL_PARTS: dict[str, Callable[..., tuple[str, str] | None]] = {}


def register_email_part(kind: str, build: Callable[..., tuple[str, str] | None]) -> None:
    EMAIL_PARTS[kind] = build


class _Email(EmailMultiAlternatives):
    """Keeps the parameters of an alternative's type as given: Python's ``email`` package would
    write ``method="REQUEST"``; calendar clients look for ``text/calendar; method=REQUEST``."""

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if ";" in mimetype:
            part.replace_header("Content-Type", f"{mimetype}; charset={part.get_content_charset() or 'utf-8'}")
        return part


def send_templated_email(name: str, *, to: str, context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}/subject.txt", context).split())
    body = render_to_string(f"emails/{name}/body.txt", context)
    html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def notification_message_id(notification) -> str:
    """The same ``Message-ID`` for every send of one notification's e-mail: delivery is at least
    once (see ``notification_email_send``), and mail systems and clients that deduplicate by
    ``Message-ID`` drop a second copy."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname
    return f"<notification.{notification.pk}@{domain or 'pspteam.invalid'}>"


def send_notification_email_message(notification) -> None:
    """E-mail one notification: its message (never sensitive text) and a link, nothing more.

    Templates: ``emails/<kind>/{subject.txt,body.txt,body.html}`` when the kind has its own,
    otherwise ``emails/notification/``.
    """
    link = notification.link
    if link.startswith("/"):
        link = f"{settings.SITE_URL}{link}"
    context = {
        "site_url": settings.SITE_URL,
        "recipient_name": notification.recipient.display_name or notification.recipient.username,
        "message": notification.message,
        "link": link or f"{settings.SITE_URL}/notifications/",
        "kind": notification.kind,
    }

    def render(part: str) -> str:
        return select_template([f"emails/{notification.kind}/{part}", f"emails/notification/{part}"]).render(context)

    subject = " ".join(render("subject.txt").split())
    message = _Email(
        subject,
        render("body.txt"),
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
        headers={"Message-ID": notification_message_id(notification)},
    )
    message.attach_alternative(render("body.html"), "text/html")
    build = EMAIL_PARTS.get(notification.kind)
    part = build(notification) if build is not None else None
    if part is not None:
        message.attach_alternative(*part)
    message.send()
