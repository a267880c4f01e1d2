"""The exported script: NumPy only, the weights embedded, and the model's predictions to the last digit, for every
activation, output head and input feature; run in a subprocess as a student would."""
import subprocess
import sys

import numpy as np
import pytest

from nn_core import Network
from nn_core.activations import ACTIVATIONS
from nn_core.datasets import FEATURES, make_features
from nn_core.export import script
from nn_core.losses import HEADS

POINTS = np.random.default_rng(1).uniform(-6, 6, (40, 2))


def trained_like(sizes, activation="tanh", output="sigmoid", seed=0):
    """A network with weights of a trained size (not just the small initial ones)."""
    m = Network(sizes, activation=activation, output=output, seed=seed)
    rng = np.random.default_rng(seed)
    for p in m.params:
        p[...] = rng.normal(0, 1.5, p.shape)
    return m


def run_source(source, points):
    namespace = {"__name__": "exported"}
    exec(compile(source, "exported.py", "exec"), namespace)
    return namespace["predict"](points)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("output", sorted(HEADS))
def test_every_activation_and_head_gives_the_models_numbers(activation, output):
    features = ["x1", "x2", "x1*x2"]
    m = trained_like([3, 5, 4, 3 if output == "softmax" else 1], activation, output)
    got = run_source(script(m, features), POINTS)
    want = m.predict(make_features(POINTS, features))
    assert got.shape == want.shape
    assert np.max(np.abs(got - want)) <= 1e-12


def test_every_feature_and_a_linear_model():
    features = sorted(FEATURES)
    m = trained_like([len(features), 1])
    got = run_source(script(m, features), POINTS)
    assert np.array_equal(got, m.predict(make_features(POINTS, features)))


def test_the_script_run_alone_prints_the_predictions():
    m = trained_like([2, 4, 2, 1])
    source = script(m, ["x1", "x2"])
    assert "import numpy as np" in source and "nn_core" not in source and "pickle" not in source
    args = [repr(float(v)) for v in POINTS.ravel()]
    # -I and cwd /: nothing of this project within reach of the script
    out = subprocess.run([sys.executable, "-I", "-c", source, *args], capture_output=True, text=True, timeout=60,
                         cwd="/", check=True).stdout
    printed = np.loadtxt(out.splitlines()).reshape(-1, 1)
    assert np.max(np.abs(printed - m.predict(POINTS))) <= 1e-12
    assert len(source.splitlines()) < 60


def test_refuses_features_that_do_not_fit():
    m = trained_like([2, 1])
    with pytest.raises(ValueError, match="takes 2 inputs"):
        script(m, ["x1"])
    with pytest.raises(ValueError, match="no export"):
        script(m, ["x1", "x3"])
