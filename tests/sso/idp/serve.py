"""Run the test provider: ``IDP_DIR=... IDP_PORT=... python -m tests.sso.idp.serve``.

Reads ``IDP_DIR/seed.json`` (users and the one client application), migrates its SQLite
database, and serves on 127.0.0.1:IDP_PORT until killed.
"""

import json
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.idp.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import get_application_model  # noqa: E402


def seed(path) -> None:
    data = json.loads(path.read_text())
    user_model = get_user_model()
    for user in data["users"]:
        user_model.objects.create_user(**user)
    app = data["application"]
    get_application_model().objects.create(
        name="pspteam",
        client_id=app["client_id"],
        client_secret=app["client_secret"],
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris=app["redirect_uri"],
        post_logout_redirect_uris=app["post_logout_redirect_uri"],
        algorithm="RS256",
        skip_authorization=True,
    )


def main() -> None:
    from django.conf import settings

    call_command("migrate", verbosity=0, interactive=False)
    seed(settings.IDP_DIR / "seed.json")
    port = int(os.environ["IDP_PORT"])
    sys.stdout.write(f"test provider on 127.0.0.1:{port}\n")
    sys.stdout.flush()
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
