"""Django's admin, for platform operators only (see README, "Operators").

* Off in production unless ``ADMIN_ENABLED`` (``pspteam/urls.py`` mounts it only then).
* Staff with a verified second factor only, whatever ``TWO_FACTOR_REQUIRED`` says
  (django-otp's ``OTPAdminSite``: its sign-in form asks for the code).
* It never shows private text: models holding reflections, notes, check-ins, comments,
  supervision records or voice are not registered at all (``SENSITIVE_MODELS``, checked by
  tests/security/test_operators.py), so there is no admin view of them to audit.
"""

from django_otp.admin import OTPAdminSite

# Apps whose every model holds someone's private text, and single models elsewhere that do.
SENSITIVE_APPS = {"reflections", "boundaries", "wellbeing", "voice", "supervision", "notifications", "competencies"}
SENSITIVE_MODELS: set[str] = set()


def is_sensitive(model) -> bool:
    return model._meta.app_label in SENSITIVE_APPS or model._meta.label_lower in SENSITIVE_MODELS


class OperatorAdminSite(OTPAdminSite):
    site_header = "pspteam operations"
    site_title = "pspteam operations"
    index_title = "Accounts, organisations and teams (no private text here)"

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        refused = [m._meta.label for m in models if is_sensitive(m)]
        if refused:
            # A registration here would show private text to operators, unaudited.
            raise ValueError(f"{refused} hold private text and may not be registered in the admin.")
        return super().register(model_or_iterable, admin_class, **options)
