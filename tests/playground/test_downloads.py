"""Export and import: each download holds what it says, and a model file goes back in through the real uploader
(AppTest); a bad file is refused with a message and the current model is untouched."""
import csv
import io
import pickle

import numpy as np
import pytest
from PIL import Image

from harness.apptest import app, pg, widget
from nn_core.io import dumps
from playground.figures.downloads import PNG_SIZE, boundary_png, history_csv, imported, model_file, script_file
from playground.figures.palette import CLASS_COLORS, hex_rgb
from playground.settings.config import Config
from playground.state.playground import Playground


@pytest.fixture(scope="module")
def trained():
    p = Playground(Config.from_query({"dataset": "xor", "h1": "5", "activation": "relu", "lr": "0.1"})[0])
    p.train(epochs=40)
    return p


def test_model_file_round_trip_gives_the_same_setup_and_weights(trained):
    config, params = imported(model_file(trained), Config())
    assert config == trained.config
    assert all(np.array_equal(a, b) for a, b in zip(params, trained.model.params))


def test_history_csv_has_every_kept_epoch_with_full_precision(trained):
    rows = list(csv.reader(io.StringIO(history_csv(trained))))
    assert rows[0] == ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"]
    assert [int(r[0]) for r in rows[1:]] == list(range(41))
    assert float(rows[-1][1]) == trained.trainer.latest["train_loss"]
    assert float(rows[-1][4]) == trained.trainer.latest["test_metric"]


def test_boundary_png_is_the_map_with_the_points(trained):
    img = np.asarray(Image.open(io.BytesIO(boundary_png(trained))).convert("RGB"))
    assert img.shape == (PNG_SIZE, PNG_SIZE, 3)
    x, y = trained.X_train[-1]                                              # drawn last: on top
    col, row = (np.array([x, -y]) + 6) / 12 * (PNG_SIZE - 1)           # the point's centre, row 0 at the top
    assert list(img[int(round(row)), int(round(col))]) == list(hex_rgb(CLASS_COLORS[int(trained.y_train[-1])]))
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 50                   # a shaded map, not a flat colour


def test_script_predicts_like_the_model(trained):
    namespace = {}
    exec(script_file(trained), namespace)
    points = trained.X_test[:20]
    assert np.max(np.abs(namespace["predict"](points) - trained.model.predict(trained.features(points)))) <= 1e-12


def uploader(at):
    (u,) = [w for w in at.file_uploader if w.key == "model_upload"]
    return u


def test_a_saved_model_loads_through_the_uploader(trained):
    at = app()
    assert [b.proto.label for b in at.get("download_button")] == ["Model (.npz)", "Loss history (.csv)",
                                                                  "Boundary (.png)", "Python script (.py)"]
    uploader(at).set_value(("net.npz", model_file(trained), "application/octet-stream")).run()
    assert not at.exception and not at.warning
    assert pg(at).config == trained.config
    assert all(np.array_equal(a, b) for a, b in zip(pg(at).model.params, trained.model.params))
    assert widget(at, "h1").value == 5 and widget(at, "activation").value == "relu"    # the sidebar follows
    assert any("Loaded net.npz" in t.value for t in at.toast)
    at.button(key="step").click().run()
    assert not at.exception and pg(at).trainer.epoch == 1


def zip_bomb():
    buf = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("W0.npy", b"\0" * (32 * 2**20))
    return buf.getvalue()


def wide_model():
    from nn_core import Network
    return dumps(Network([2, 40, 1]), meta={"features": ["x1", "x2"]})


@pytest.mark.parametrize("payload,message", [
    (pickle.dumps({"W0": [1.0]}), "not an .npz"),
    (model_file(Playground())[:300], "not a readable network file"),
    (zip_bomb(), "would unpack to"),
    (b"PK" + b"\0" * (2 * 2**20), "at most"),
    (wide_model(), "at most 8 layers of 32"),
])
def test_a_bad_model_file_is_refused_and_nothing_changes(payload, message):
    at = app({"h1": "3"})
    at.button(key="step").click().run()
    before = [p.copy() for p in pg(at).model.params]
    uploader(at).set_value(("bad.npz", payload, "application/octet-stream")).run()
    assert not at.exception
    assert any("was not loaded" in w.value and message in w.value for w in at.warning), [w.value for w in at.warning]
    assert pg(at).trainer.epoch == 1 and pg(at).model.sizes == [2, 3, 2, 1]
    assert all(np.array_equal(a, b) for a, b in zip(pg(at).model.params, before))
