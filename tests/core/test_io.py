"""Save/load round trips; anything that is not our own plain format is refused."""
import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from nn_core import Network
from nn_core.io import MAX_BYTES, dumps, load, save


def model():
    return Network([2, 5, 3], activation="relu", output="softmax", init="he", seed=4)


def test_round_trip_identical_predictions(tmp_path):
    m = model()
    path = tmp_path / "net.npz"
    save(m, path, meta={"features": ["x1", "x2"], "dataset": "blobs"})
    loaded, meta = load(path)
    X = np.random.default_rng(0).normal(size=(50, 2))
    assert np.array_equal(m.predict(X), loaded.predict(X))
    assert loaded.config() == m.config() and meta == {"features": ["x1", "x2"], "dataset": "blobs"}
    again, _ = load(dumps(loaded))
    assert np.array_equal(again.predict(X), m.predict(X))


def test_pickle_payload_refused():
    buf = io.BytesIO()
    np.savez(buf, config=np.frombuffer(b"{}", dtype=np.uint8), W0=np.array([{"evil": 1}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        load(buf.getvalue())
    with pytest.raises(ValueError):
        load(pickle.dumps({"W0": [1, 2]}))


@pytest.mark.parametrize("payload", [b"", b"not a zip at all", dumps(model())[:200]])
def test_corrupt_archive_refused(payload):
    with pytest.raises(ValueError, match="not a readable network file"):
        load(payload)


def rewrite(blob, **changes):
    with np.load(io.BytesIO(blob)) as f:
        arrays = {k: f[k] for k in f.files}
    config = json.loads(arrays["config"].tobytes())
    for key, value in changes.items():
        if key in arrays:
            arrays[key] = value
        else:
            config["network"][key] = value
    arrays["config"] = np.frombuffer(json.dumps(config).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


@pytest.mark.parametrize("changes,message", [
    (dict(sizes=[2, 6, 3]), "shape"),
    (dict(W1=np.zeros((4, 3))), "shape"),
    (dict(b0=np.full((1, 5), np.nan)), "non-finite"),
    (dict(activation="evil"), "unknown activation"),
])
def test_mismatched_content_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        load(rewrite(dumps(model()), **changes))


def test_missing_array_and_missing_config_refused():
    blob = dumps(model())
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = [n for n in z.namelist() if n != "W1.npy"]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as w:
            for n in names:
                w.writestr(n, z.read(n))
    with pytest.raises(ValueError, match="do not match"):
        load(out.getvalue())
    buf = io.BytesIO()
    np.savez(buf, W0=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="config"):
        load(buf.getvalue())


def npz(**members):
    """An archive of raw members (name -> bytes), deflated."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_refused_before_unpacking():
    bomb = npz(**{"W0.npy": b"\0" * (64 * 2**20)})          # 64 MB of zeros in a file of about 64 kB
    assert len(bomb) < 200_000
    with pytest.raises(ValueError, match="would unpack to 67,108,864 bytes"):
        load(bomb)


def test_too_large_a_file_refused(tmp_path):
    blob = dumps(model())
    with pytest.raises(ValueError, match="at most 100"):
        load(blob, max_bytes=100)
    path = tmp_path / "big.npz"
    path.write_bytes(blob + b"\0" * (MAX_BYTES + 10))
    with pytest.raises(ValueError, match="at most"):
        load(path)


def test_members_that_are_not_arrays_refused():
    with pytest.raises(ValueError, match="other things"):
        load(npz(**{"config.npy": b"x", "run.sh": b"rm -rf /"}))


@pytest.mark.parametrize("sizes", [[2, 10**9, 1], [2, "4", 1], [2], [2, 0, 1], "2,4,1", [2, 4.0, 1]])
def test_network_sizes_checked_before_anything_is_allocated(sizes):
    with pytest.raises(ValueError, match="sizes|do not match|the config needs"):
        load(rewrite(dumps(model()), sizes=sizes))
