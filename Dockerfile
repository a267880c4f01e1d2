# The app's image: `docker build -t nn-playground .` (README, "Docker"). tests/deploy/test_image.py builds and runs it for
# real with podman/buildah, passing a local Debian bookworm base as BASE (registry images cannot be pulled there).
# A pinned Python 3.11 slim image; any Debian-like base with python3 (and its venv module) works.
ARG BASE=python:3.11.14-slim-bookworm
FROM ${BASE}

# The default port; at run time STREAMLIT_SERVER_PORT moves the server and the healthcheck together (and so does
# STREAMLIT_SERVER_BASE_URL_PATH, for a path prefix behind a proxy).
ARG PORT=8501
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    STREAMLIT_SERVER_PORT=${PORT} \
    MALLOC_ARENA_MAX=2 \
    PYTHONMALLOC=malloc
# The last two give a class's memory back when it leaves: Python's small objects from malloc instead of its own
# 1 MiB arenas, and at most two glibc arenas for all the sessions' threads. After 50 sessions played and closed
# the server is 6-7 % above its level before, against 15-18 % without (bench/README.md, "Closed tabs"), at the
# same speed.

# The dependencies in a virtual environment (Debian's python3 refuses system-wide pip installs, PEP 668; the
# python image does not care), owned by root, and the non-root user that runs the app: it owns only its home.
RUN python3 -m venv /opt/venv \
 && useradd --uid 10001 --user-group --create-home --home-dir /home/app --shell /usr/sbin/nologin app
WORKDIR /app
# Their own layer: rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN python -m pip install --no-cache-dir -r requirements.txt

# The app, read-only to its user; the production settings become its Streamlit config.
COPY app.py ./
COPY nn_core/ nn_core/
COPY playground/ playground/
COPY app_pages/ app_pages/
COPY .streamlit/config.production.toml .streamlit/config.toml
# plotly.js for the live view, served by Streamlit's static serving (the app would copy it at start otherwise,
# and cannot here: /app is not its user's); the modules compiled now, since nothing is written at run time.
RUN python -c "import pathlib, plotly, shutil; d = pathlib.Path('static'); d.mkdir(exist_ok=True); shutil.copyfile(pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js', d / 'plotly.min.js')" \
 && python -m compileall -q nn_core playground

USER 10001:10001
EXPOSE ${PORT}
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; e = os.environ.get; p = e('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); r = u.urlopen('http://127.0.0.1:%s/%s_stcore/health' % (e('STREAMLIT_SERVER_PORT', '8501'), p + '/' if p else ''), timeout=4); raise SystemExit(r.read().strip() != b'ok')"]
CMD ["streamlit", "run", "app.py"]
