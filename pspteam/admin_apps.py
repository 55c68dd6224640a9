from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """Django's admin with the operators' site (pspteam/admin_site.py) as ``admin.site``."""

    default_site = "pspteam.admin_site.OperatorAdminSite"
