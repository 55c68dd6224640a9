"""A real OpenID provider for the single sign-on tests (``tests/sso/idp``), started once per
test session in its own process on a free port, with an RSA key made now, and waited for with a
bounded readiness check. Its fixtures are used by the browser tests in ``tests/browser/sso``
(their conftest imports them: the browser fixtures must be the one set of ``tests/browser``, or
a second Playwright would start inside the first one's event loop).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPO = Path(__file__).resolve().parents[2]
IDP_PASSWORD = "provider-password-1"
CLIENT_ID = "pspteam-test-client"
CLIENT_SECRET = "test-client-secret-0123456789"
# People who have an account at the provider (username: e-mail address there).
IDP_USERS = {
    "pat": "pat@northfield.example",
    "sam": "sam@northfield.example",
    "kim": "kim@northfield.example",
    "lee": "lee@elsewhere.example",
}
READY_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    process: subprocess.Popen
    directory: Path
    port: int
    issuer: str = ""
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    metadata: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_claims(self, username: str, **claims) -> None:
        """Test-only: what the provider puts in (or does to) this user's next ID token."""
        path = self.directory / "claims.json"
        data = json.loads(path.read_text()) if path.exists() else {}
        data[username] = claims
        path.write_text(json.dumps(data))

    def reset(self) -> None:
        (self.directory / "claims.json").unlink(missing_ok=True)


def _wait_ready(process: subprocess.Popen, url: str, log: Path) -> dict:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the test provider exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"the test provider was not ready after {READY_SECONDS} s:\n{log.read_text()[-3000:]}")


def start_provider(directory: Path, app_url: str) -> Provider:
    """Start a provider serving ``app_url`` as its one client; waits until discovery answers."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (directory / "rsa.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (directory / "seed.json").write_text(
        json.dumps(
            {
                "users": [
                    {"username": name, "email": email, "password": IDP_PASSWORD, "first_name": name.title()}
                    for name, email in IDP_USERS.items()
                ],
                "application": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uri": f"{app_url}/sso/callback/",
                    "post_logout_redirect_uri": f"{app_url}/accounts/login/",
                },
            }
        )
    )
    port = free_port()
    log = directory / "idp.log"
    env = {**os.environ, "IDP_DIR": str(directory), "IDP_PORT": str(port), "PYTHONPATH": str(REPO)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.idp.serve"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    provider = Provider(process=process, directory=directory, port=port)
    try:
        provider.metadata = _wait_ready(process, f"{provider.base}/o/.well-known/openid-configuration", log)
    except BaseException:
        stop_provider(provider)
        raise
    provider.issuer = provider.metadata["issuer"]
    return provider


def stop_provider(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
        provider.process.wait()


@pytest.fixture(scope="session")
def idp(live_server, tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("idp"), live_server.url)
    yield provider
    stop_provider(provider)


@pytest.fixture
def idp_to_stop(live_server, tmp_path):
    """A provider of this test alone, which the test may stop half-way through a sign-in."""
    provider = start_provider(tmp_path, live_server.url)
    yield provider
    if provider.process.poll() is None:
        stop_provider(provider)


@pytest.fixture(autouse=True)
def _fresh_claims(request):
    if "idp" in request.fixturenames:
        request.getfixturevalue("idp").reset()
