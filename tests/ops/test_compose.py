"""The compose topology (docker-compose.yml) as an IT team runs it: migrations once, in a one-shot
service the app waits for; nothing but the TLS proxy published; health conditions; a scheduled
backup. Read with PyYAML; `docker-compose config` validates it too when installed (as CI does)."""

import os
import shutil
import subprocess

import pytest
import yaml

from tests.reminders.processes import ROOT

COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_migrations_run_once_in_a_one_shot_service_that_web_worker_and_beat_wait_for(services):
    assert "migrate" in services["migrate"]["command"] and services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in str(services[name]["command"])  # `--scale web=3` must not race
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["depends_on"]["db"] == {"condition": "service_healthy"}
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}
    for name in ("db", "redis", "web"):
        assert services[name]["healthcheck"]["test"]


def test_only_the_tls_proxy_is_published_and_it_waits_for_a_healthy_web(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["image"].startswith("caddy:")
    assert services["proxy"]["depends_on"]["web"] == {"condition": "service_healthy"}
    web_env = services["web"]["environment"]
    assert web_env["DJANGO_ENV"] == "production" and web_env["TRUSTED_PROXY_COUNT"] == "1"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "respond /metrics 404" in caddyfile and "name web" in caddyfile


def test_every_app_process_shares_the_metrics_directory_and_a_backup_is_scheduled(services):
    for name in ("web", "worker", "beat", "migrate"):
        assert "metrics:/app/var/prometheus" in services[name]["volumes"]
        assert services[name]["environment"]["PROMETHEUS_MULTIPROC_DIR"] == "/app/var/prometheus"
    backup = services["backup"]
    assert "/scripts/backup.sh" in backup["command"] and "sleep" in backup["command"]
    assert backup["depends_on"]["db"] == {"condition": "service_healthy"}
    assert "backups:/backups" in backup["volumes"]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed (CI installs it)")
def test_docker_compose_validates_the_file():
    env = {**os.environ, "SECRET_KEY": "validation-only"}
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
