# Two commands on a fresh machine: `make run` (the app) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
IAC := .venv-iac
PORT ?= 8501

.PHONY: run test install install-dev bench screenshots image

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# checkov (tests/deploy/test_deploy.py) in a venv of its own: its dependencies clash with the app's pins.
$(IAC)/.installed: requirements-iac.txt
	$(PYTHON) -m venv $(IAC)
	$(IAC)/bin/pip install -q -r requirements-iac.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(IAC)/.installed
	bash scripts/install-debs.sh

run: install
	MALLOC_ARENA_MAX=2 PYTHONMALLOC=malloc $(BIN)/streamlit run app.py --server.port $(PORT)

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python bench/core.py

# The README's pictures (docs/*.png): the browser tests that take them, told to save into docs/.
screenshots: install-dev
	SCREENSHOT_DIR=docs $(BIN)/python -m pytest -q tests/browser/test_browser.py::test_screenshot_of_a_trained_playground \
		tests/browser/test_browser_inside_step.py::test_walks_through_every_stage_and_checks_the_gradients \
		tests/browser/test_browser_lecture.py::test_presenter_mode_fills_the_screen_and_hides_what_the_link_says

# The Docker image, built with podman on a local Debian base (no Docker engine here), then run and used in Chromium
# (tests/deploy/test_image.py, also part of `make test`). With Docker: `docker build -t nn-playground .` (README, "Docker").
image: install-dev
	$(BIN)/python -m pytest -m image tests/deploy/test_image.py
