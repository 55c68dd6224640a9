from django.apps import AppConfig

from apps.core import registry


def _is_org_admin(user: object) -> bool:
    return bool(getattr(user, "is_org_admin", False))


class SSOConfig(AppConfig):
    name = "apps.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from apps.accounts import sign_in_hooks
        from apps.sso import hooks

        sign_in_hooks.register(password_refusal=hooks.password_refusal, provider_sign_out=hooks.provider_sign_out_url)
        registry.register_nav("Single sign-on", "sso:settings", registry.NavGroup.ORGANISATION, 92, _is_org_admin)
