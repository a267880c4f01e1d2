"""The layers' import contracts (pyproject.toml, [tool.importlinter]) hold, and would catch an arrow the wrong way."""
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from harness.server import ROOT

LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("nn_core", "playground", "app_pages", "bench", "harness")


def lint(cwd):
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def contracts():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


def test_every_contract_is_kept():
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in out.stdout


def test_a_lower_layer_that_imports_streamlit_or_a_higher_layer_breaks_a_contract(tmp_path):
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    limits = tmp_path / "playground" / "settings" / "limits.py"
    wrong = "\nimport streamlit  # noqa\nfrom playground.figures import palette  # noqa\n"   # down to up, and a UI
    limits.write_text(limits.read_text() + wrong)
    out = lint(tmp_path)
    assert out.returncode != 0
    assert "Contracts: 3 kept, 2 broken." in out.stdout, out.stdout
    assert "playground.settings.limits -> streamlit" in out.stdout
    assert "playground.settings.limits -> playground.figures.palette" in out.stdout
