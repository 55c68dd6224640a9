# Reflections are not in Django's admin: their titles and text are private (pspteam/admin_site.py).
