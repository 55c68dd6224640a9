from django import template

from apps.sso.models import ProviderSettings

register = template.Library()


@register.simple_tag
def sso_available() -> bool:
    """Whether any organisation signs in here with single sign-on (the sign-in page offers it)."""
    return ProviderSettings.objects.filter(enabled=True).exists()
