"""``{% idempotency_token %}``: the one-time token of a form (see ``apps.core.idempotency``)."""

import secrets

from django import template
from django.utils.html import format_html

from apps.core.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def idempotency_token():
    """A hidden field with a fresh random token. The server keeps nothing at render time: the
    token becomes a key only when the form is posted, so a double submit or a re-sent POST of the
    same rendering is done once, while each new rendering (e.g. a form re-shown with errors) has
    a new token."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, secrets.token_urlsafe(24))
