"""The Docker image, built and run for real: `pytest -m image` (part of `make test`; a few minutes cold).

No Docker engine runs here and registry images cannot be pulled, so scripts/image-build.sh builds the Dockerfile
with podman on a local Debian bookworm base made with debootstrap (cached in podman's storage) in place of the
python slim image. The tests check the built image's config, then start its CMD as its user with
`buildah run --isolation=chroot --network=host` on a free port (`podman run` fails on this machine's cgroups),
run its HEALTHCHECK command inside it, and use the page in Chromium: it loads, Step trains one epoch, nothing
fails. Needs root and Debian's podman, buildah and debootstrap (scripts/install-debs.sh, run by
`make install-dev`); without them the tests skip, except in CI, where they fail."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from harness.browser import TIMEOUT_MS, VIEWPORT
from harness.server import ROOT, free_port, stop_server, wait_healthy

pytestmark = [pytest.mark.image, pytest.mark.timeout(1800)]   # a cold build is slow on 2 cores

IMAGE = "localhost/nn-playground:test"
TOOLS = ("podman", "buildah", "debootstrap")
USER = "10001:10001"
BUILD_TIMEOUT = 1500    # seconds: a cold build makes the base (about a minute) and installs the requirements
STARTUP_TIMEOUT = 90    # seconds for the app in the container to answer /_stcore/health
FIRST_RUN_MS = 45_000
METRIC = '[data-testid="stMetric"]'


def run(*args, timeout=120, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)


@pytest.fixture(scope="module")
def image():
    """Build the image (scripts/image-build.sh) and return `podman image inspect`'s record of it."""
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    reason = (f"{', '.join(missing)} not installed (bash scripts/install-debs.sh)" if missing else
              "the image test runs as root (debootstrap, chroot and podman's storage)" if os.geteuid() else None)
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: `make install-dev` should have installed them in CI")
        pytest.skip(reason)
    start = time.monotonic()
    out = run("bash", "scripts/image-build.sh", IMAGE, cwd=ROOT, timeout=BUILD_TIMEOUT)
    assert out.returncode == 0, out.stdout + out.stderr
    print(f"\n{out.stdout.strip()}\n(scripts/image-build.sh: {time.monotonic() - start:.0f} s)")
    inspected = run("podman", "image", "inspect", IMAGE)
    assert inspected.returncode == 0, inspected.stderr
    return json.loads(inspected.stdout)[0]


@pytest.fixture(scope="module")
def container(image):
    """A buildah working container of the image (removed afterwards)."""
    name = f"nn-playground-test-{os.getpid()}"
    run("buildah", "rm", name)    # a leftover of an interrupted run
    made = run("buildah", "from", "--pull-never", "--name", name, IMAGE)
    assert made.returncode == 0, made.stderr
    yield name
    run("buildah", "rm", name)


def in_container(container, *cmd, user=USER, env=(), timeout=120):
    """`buildah run` one command in the container, as the image's user, on the host's network."""
    flags = [f"--env={e}" for e in env]
    return run("buildah", "run", "--isolation=chroot", "--network=host", f"--user={user}", *flags, container, "--",
               *cmd, timeout=timeout)


@pytest.fixture(scope="module")
def app(image, container):
    """The image's CMD, as its user, in the container on a free port: yields (base URL, port, process)."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")
    env = [f"STREAMLIT_SERVER_PORT={port}", "STREAMLIT_SERVER_COOKIE_SECRET=test-only-secret-shared-by-replicas"]
    proc = subprocess.Popen(
        ["buildah", "run", "--isolation=chroot", "--network=host", f"--user={image['Config']['User']}",
         *[f"--env={e}" for e in env], container, "--", *image["Config"]["Cmd"]],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def output():
        log.seek(0)
        return log.read()

    try:
        try:
            wait_healthy(proc, url, STARTUP_TIMEOUT)
        except RuntimeError as why:
            pytest.fail(f"{why}:\n{output()}")
        yield url, port, proc, output
    finally:
        stop_server(proc)    # SIGTERM to `buildah run`'s process group; it stops the app inside
        log.close()


# ---- the image as built -------------------------------------------------------------------------------
def test_config_non_root_exec_cmd_port_and_env(image):
    config = image["Config"]
    assert config["User"] == USER
    assert config["Cmd"] == ["streamlit", "run", "app.py"] and not config.get("Entrypoint")
    assert config["WorkingDir"] == "/app"
    assert "8501/tcp" in config["ExposedPorts"]
    env = dict(e.split("=", 1) for e in config["Env"])
    assert env["PYTHONUNBUFFERED"] == "1" and env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["STREAMLIT_SERVER_PORT"] == "8501"
    assert env["PATH"].startswith("/opt/venv/bin:")
    assert not [k for k in env if "SECRET" in k or "TOKEN" in k or "PASSWORD" in k]


def test_healthcheck_is_exec_form_with_timings(image):
    health = image["Healthcheck"]   # kept by the docker format (OCI would drop it)
    assert health["Test"][:2] == ["CMD", "python"]
    assert health["Interval"] > 0 and health["Timeout"] > 0 and health["StartPeriod"] > 0 and health["Retries"] > 0
    assert health["Timeout"] < health["Interval"]


def test_files_belong_to_root_and_the_user_writes_only_its_home(container):
    probe = ("import json, os\n"
             "def writable(d):\n"
             "    try:\n"
             "        open(os.path.join(d, '.probe'), 'w').close()\n"
             "        os.remove(os.path.join(d, '.probe'))\n"
             "        return True\n"
             "    except OSError:\n"
             "        return False\n"
             "print(json.dumps({'uid': os.getuid(), 'gid': os.getgid(), 'home': os.environ.get('HOME'),\n"
             "    'app': sorted(os.listdir('/app')), 'config': open('/app/.streamlit/config.toml').read(),\n"
             "    'static': sorted(os.listdir('/app/static')),\n"
             "    'writable': {d: writable(d) for d in ['/app', '/app/static', '/app/.streamlit', '/opt/venv',\n"
             "                                         '/opt/venv/lib', '/home/app']}}))\n")
    out = in_container(container, "python", "-c", probe)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert (seen["uid"], seen["gid"]) == (10001, 10001)
    assert seen["app"] == [".streamlit", "app.py", "app_pages", "nn_core", "playground", "requirements.txt", "static"]
    assert seen["static"] == ["plotly.min.js"]
    assert seen["config"] == (ROOT / ".streamlit" / "config.production.toml").read_text()
    assert seen["writable"] == {"/app": False, "/app/static": False, "/app/.streamlit": False, "/opt/venv": False,
                                "/opt/venv/lib": False, "/home/app": True}


def test_healthcheck_fails_with_nothing_listening(image, container):
    out = in_container(container, *image["Healthcheck"]["Test"][1:], env=[f"STREAMLIT_SERVER_PORT={free_port()}"])
    assert out.returncode != 0


# ---- the image running --------------------------------------------------------------------------------
def test_the_app_runs_as_the_non_root_user(app):
    import psutil

    _, port, proc, _ = app
    under = psutil.Process(proc.pid).children(recursive=True)
    servers = [p for p in under if p.cmdline()[1:3] == ["/opt/venv/bin/streamlit", "run"]]
    assert servers, f"no streamlit process under buildah run: {[p.cmdline() for p in under]}"
    assert {p.uids().real for p in servers} == {10001} and {p.uids().effective for p in servers} == {10001}


def test_healthcheck_command_passes_inside_the_container(image, container, app):
    _, port, _, _ = app
    out = in_container(container, *image["Healthcheck"]["Test"][1:], env=[f"STREAMLIT_SERVER_PORT={port}"])
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_page_loads_and_step_trains_in_chromium(browser, app):
    url, _, _, output = app
    context = browser.new_context(viewport=VIEWPORT, base_url=url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/")
        expect(page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')).to_be_attached(
            timeout=FIRST_RUN_MS)
        expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached(timeout=FIRST_RUN_MS)
        epoch = page.locator(METRIC).nth(0).locator('[data-testid="stMetricValue"]')
        expect(epoch).to_have_text("0", timeout=FIRST_RUN_MS)
        # plotly.js came from the image's static/ folder: the live view's charts are drawn
        expect(page.locator(".st-key-live_view .live .chart-main .main-svg").first).to_be_visible(
            timeout=FIRST_RUN_MS)
        page.locator(".st-key-step button").first.click()
        expect(epoch).to_have_text("1")
        page.locator(".st-key-step button").first.click()
        expect(epoch).to_have_text("2")
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
        expect(page.locator('[data-testid="stAppDeployButton"]')).to_have_count(0)   # toolbarMode "viewer"
        assert any(c["name"] == "_streamlit_xsrf" for c in context.cookies()), "no XSRF cookie"
        assert not errors, errors
    finally:
        context.close()
    assert not re.search(r"Traceback|Exception|error id", output()), output()


def test_plotly_js_is_served_from_the_image(app):
    url, _, _, _ = app
    with urllib.request.urlopen(f"{url}/app/static/plotly.min.js", timeout=10) as r:
        assert r.status == 200 and len(r.read()) > 1_000_000
