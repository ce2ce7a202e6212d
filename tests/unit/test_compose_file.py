"""docker-compose.yml is valid and wires the services with the local stack's variable names."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from infra.settings import LocalStackSettings
from shared.platform.settings import REPO_ROOT

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
SERVICES = ("api", "relay", "projector", "generator")
CONNECTION_VARS = {"SPOTTER_DATABASE_URL", "SPOTTER_KAFKA_BOOTSTRAP"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def test_docker_compose_accepts_the_file():
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose not found (make setup installs it with apt-get as root)")
    result = subprocess.run(
        [tool, "-f", str(COMPOSE_FILE), "config", "-q"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_servers_have_health_checks_and_services_wait_for_them(compose):
    services = compose["services"]
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["postgres"]["image"].startswith("postgres:")
    for server in ("kafka", "postgres"):
        assert services[server]["healthcheck"]["test"], server
    prepare_deps = services["prepare"]["depends_on"]
    assert {name: dep["condition"] for name, dep in prepare_deps.items()} == {
        "postgres": "service_healthy",
        "kafka": "service_healthy",
    }


def test_the_four_services_share_one_image_and_the_spotter_variables(compose):
    known = {f"SPOTTER_{name.upper()}" for name in LocalStackSettings.model_fields}
    for name in SERVICES:
        service = compose["services"][name]
        assert service["build"] == ".", name
        env = service["environment"]
        assert CONNECTION_VARS <= set(env), name
        infra_vars = {v for v in env if v.startswith("SPOTTER_") and not _service_prefixed(v)}
        assert infra_vars <= known, f"{name}: unknown {sorted(infra_vars - known)}"


def _service_prefixed(variable: str) -> bool:
    """Service settings (SPOTTER_API_..., SPOTTER_GENERATOR_...) are not infra variables."""
    return variable.split("_")[1] in {"API", "RELAY", "PROJECTOR", "GENERATOR"}
