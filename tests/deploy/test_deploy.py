"""The deployment files, checked without a container engine or a cluster: docker-compose.yml and the HAProxy
configuration it mounts (deploy/haproxy.cfg, run for real by tests/deploy/test_replicas.py), and the Kubernetes
manifests in deploy/k8s against the Kubernetes schemas (kubernetes-validate, offline), checkov (every finding fixed or
skipped with a reason in the manifest) and yamllint."""
import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from harness.server import ROOT

COMPOSE = ROOT / "docker-compose.yml"
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
K8S = ROOT / "deploy" / "k8s"
CHECKOV = ROOT / ".venv-iac" / "bin" / "checkov"
HEALTH = "/_stcore/health"


def compose():
    return yaml.safe_load(COMPOSE.read_text())


def interpolate(value, env=None):
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} with `env` (unset variables: their default, or "x")."""
    env = env or {}

    def sub(m):
        name, op, arg = m.group(1), m.group(2), m.group(3)
        return env.get(name) or (arg if op == ":-" else "x")
    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", sub, str(value))


def manifests():
    return {doc["kind"]: doc for f in sorted(K8S.glob("*.yaml")) for doc in yaml.safe_load_all(f.read_text())}


def haproxy():
    path = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.access(path, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail("haproxy is missing in CI: scripts/install-debs.sh should have installed it")
        pytest.skip("haproxy not installed (run `bash scripts/install-debs.sh`)")
    return path


# ---- compose and HAProxy -------------------------------------------------------------------------------------
def test_haproxy_accepts_its_configuration_with_composes_environment():
    env = {k: interpolate(v) for k, v in compose()["services"]["proxy"]["environment"].items()}
    ok = subprocess.run([haproxy(), "-c", "-f", str(HAPROXY_CFG)], env={"PATH": os.environ["PATH"]} | env,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # The cookie key has no default: the proxy refuses to start without one.
    env.pop("HAPROXY_COOKIE_KEY")
    missing = subprocess.run([haproxy(), "-c", "-f", str(HAPROXY_CFG)], env={"PATH": os.environ["PATH"]} | env,
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "dynamic-cookie-key" in missing.stdout + missing.stderr


def test_compose_runs_replicas_behind_the_proxy_with_one_cookie_secret():
    services = compose()["services"]
    app, proxy = services["app"], services["proxy"]
    cfg = HAPROXY_CFG.read_text()

    # The replicas: port from the environment, the same required cookie secret for all, N from REPLICAS.
    assert "--server.port" not in " ".join(app["command"]) and app["command"][-2:] == ["run", "app.py"]
    env = app["environment"]
    assert re.fullmatch(r"\$\{STREAMLIT_SERVER_COOKIE_SECRET:\?.+\}", env["STREAMLIT_SERVER_COOKIE_SECRET"])
    assert str(app["deploy"]["replicas"]) == "${REPLICAS:-3}"
    assert "ports" not in app   # only the proxy is published
    assert [str(p) for p in app["expose"]] == [env["STREAMLIT_SERVER_PORT"]]
    test = app["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"] and HEALTH in test[3]
    compile(test[3], "healthcheck", "exec")
    assert app["read_only"] is True and "/tmp" in app["tmpfs"]

    # The proxy: this repository's configuration, pointed at the replicas by the variables the file reads.
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    used = set(re.findall(r"\$\{(\w+)", cfg))
    penv = proxy["environment"]
    assert set(penv) == used, (set(penv) ^ used)
    assert penv["APP_HOST"] == "app" and penv["APP_PORT"] == env["STREAMLIT_SERVER_PORT"]
    assert penv["DNS_SERVER"] == "127.0.0.11:53"   # Docker's embedded DNS: the service name gives every replica
    published = [interpolate(p) for p in proxy["ports"]]
    assert published == [f"8501:{penv['PROXY_BIND'].rsplit(':', 1)[1]}"]
    assert int(interpolate(app["deploy"]["replicas"])) <= int(penv["APP_SLOTS"])
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"

    # What the configuration promises: sticky cookie, redispatch, health checks, long tunnels for websockets.
    for line in ("cookie SERVERID insert indirect nocache", "option redispatch", f"option httpchk GET {HEALTH}",
                 "timeout tunnel 1h", "server-template app "):
        assert line in cfg, line


# ---- Kubernetes ----------------------------------------------------------------------------------------------
def test_k8s_manifests_validate_against_the_kubernetes_schemas():
    kv = pytest.importorskip("kubernetes_validate")
    version = kv.latest_version()
    docs = manifests()
    assert set(docs) == {"Namespace", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler",
                         "PodDisruptionBudget", "NetworkPolicy"}
    for doc in docs.values():
        kv.validate(doc, version, strict=True)
    # The validation is real: a misspelt field is caught.
    bad = yaml.safe_load(yaml.safe_dump(docs["Deployment"]))
    bad["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kv.ValidationError):
        kv.validate(bad, version, strict=True)


def test_k8s_manifests_fit_together():
    docs = manifests()
    dep, svc, ing, hpa = docs["Deployment"], docs["Service"], docs["Ingress"], docs["HorizontalPodAutoscaler"]
    namespaces = {d["metadata"].get("namespace", d["metadata"]["name"]) for d in docs.values()}
    assert namespaces == {docs["Namespace"]["metadata"]["name"]}
    pod = dep["spec"]["template"]
    (app,) = pod["spec"]["containers"]
    labels = pod["metadata"]["labels"]
    assert dep["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert svc["spec"]["selector"].items() <= labels.items()
    assert docs["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert docs["NetworkPolicy"]["spec"]["podSelector"]["matchLabels"].items() <= labels.items()

    # The container: as in compose, port from the environment, cookie secret from a Secret, probes on health.
    assert app["command"] == compose()["services"]["app"]["command"]
    env = {e["name"]: e for e in app["env"]}
    port = int(env["STREAMLIT_SERVER_PORT"]["value"])
    assert [p["containerPort"] for p in app["ports"]] == [port]
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]["name"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"] == {"path": HEALTH, "port": app["ports"][0]["name"]}, probe
    res = app["resources"]
    assert res["requests"]["cpu"] == res["limits"]["cpu"] == "1"   # one process uses one core at most
    # requests == limits with a whole CPU: Guaranteed QoS (a core of its own under the static CPU manager)
    assert res["requests"] == res["limits"] and 256 <= int(res["limits"]["memory"].removesuffix("Mi")) <= 1024
    sc, psc = app["securityContext"], pod["spec"]["securityContext"]
    assert psc["runAsNonRoot"] and psc["runAsUser"] > 10000 and sc["readOnlyRootFilesystem"]
    assert sc["allowPrivilegeEscalation"] is False and sc["capabilities"]["drop"] == ["ALL"]
    assert {"name": "tmp", "mountPath": "/tmp"} in app["volumeMounts"]

    # Service -> pods, Ingress -> Service, HPA -> Deployment.
    assert svc["spec"]["ports"][0]["targetPort"] == app["ports"][0]["name"]
    backend = ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": svc["metadata"]["name"], "port": {"name": svc["spec"]["ports"][0]["name"]}}
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": dep["metadata"]["name"]}
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    assert hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]

    # ingress-nginx: cookie affinity, websockets held an hour.
    a = {k.removeprefix("nginx.ingress.kubernetes.io/"): v for k, v in ing["metadata"]["annotations"].items()}
    assert a["affinity"] == "cookie" and a["session-cookie-name"] and int(a["session-cookie-max-age"]) > 3600
    assert int(a["proxy-read-timeout"]) >= 3600 and int(a["proxy-send-timeout"]) >= 3600
    assert ing["spec"]["ingressClassName"] == "nginx"


def test_checkov_finds_nothing_that_is_not_skipped_with_a_reason():
    if not os.access(CHECKOV, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"{CHECKOV} is missing in CI: `make install-dev` should have made it")
        pytest.skip(f"{CHECKOV} not installed (make install-dev)")
    # --skip-download: no call to the vendor's platform (checkov tries one for its guidelines otherwise).
    run = subprocess.run([str(CHECKOV), "-d", str(K8S), "--framework", "kubernetes", "--skip-download",
                          "--output", "json"], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    report = report[0] if isinstance(report, list) else report
    failed = [(c["check_id"], c["resource"], c["check_name"]) for c in report["results"]["failed_checks"]]
    assert failed == [], failed
    assert report["summary"]["parsing_errors"] == 0
    assert report["summary"]["passed"] > 50
    for c in report["results"]["skipped_checks"]:
        assert len(c["check_result"].get("suppress_comment", "")) > 20, c["check_id"]


def test_yaml_lint():
    from yamllint import config, linter

    conf = config.YamlLintConfig(file=str(ROOT / ".yamllint.yaml"))
    problems = [f"{path.relative_to(ROOT)}:{p.line}: {p.message}"
                for path in [COMPOSE, *sorted(K8S.glob("*.yaml"))]
                for p in linter.run(path.read_text(), conf)]
    assert problems == []
