"""Your own data: CSV files through the real uploader (AppTest). A bad file is refused with a message that says what
is wrong and what is allowed, and nothing changes; a good one (binary, multi-class, regression, with or without a
header) loads and trains, survives Reset and Play, stays out of the URL, and can be left and chosen again."""
import numpy as np
import pytest

from harness.apptest import app, pg, widget
from nn_core.tabular import read_table
from playground.settings.choices import DEFAULT_DATASET, OWN
from playground.settings.config import Config
from playground.state.owndata import MAX_BYTES
from playground.state.playground import Playground


def lines(rows, header=True):
    text = ("x1,x2,label\n" if header else "") + "\n".join(",".join(map(str, r)) for r in rows) + "\n"
    return text.encode()


rng = np.random.default_rng(0)
P = rng.uniform(-5, 5, size=(200, 2))
BINARY = lines([(round(a, 3), round(b, 3), "inside" if a * a + b * b < 9 else "outside") for a, b in P])
MULTI = lines([(round(a, 3), round(b, 3), [2, 5, 11, 40][(a > 0) + 2 * (b > 0)]) for a, b in P], header=False)
REGRESSION = lines([(round(a, 3), round(b, 3), round(a / 5, 4)) for a, b in P], header=False)


def uploader(at):
    (u,) = [w for w in at.file_uploader if w.key == "own_upload"]
    return u


def upload(at, data, name="data.csv"):
    uploader(at).set_value((name, data, "text/csv")).run()
    assert not at.exception
    return at


@pytest.mark.parametrize("data,problem,classes,names", [
    (BINARY, "binary", 2, ("inside", "outside")),
    (lines([(a, b, -1 if a < 0 else 1) for a, b in P[:60]], header=False), "binary", 2, ("-1", "1")),
    (MULTI, "multiclass", 4, ("2", "5", "11", "40")),       # numbers sorted as numbers, not as text
    (REGRESSION, "regression", 2, ()),
    (lines([(a, b, "b" if a < 0 else "a") for a, b in P[:60]]), "binary", 2, ("a", "b")),
])
def test_a_good_file_loads_and_trains(data, problem, classes, names):
    at = upload(app(), data)
    assert not at.warning, [w.value for w in at.warning]
    p = pg(at)
    assert (p.config.problem, p.config.dataset, p.n_classes, p.own.classes) == (problem, OWN, classes, names)
    assert len(p.X_train) + len(p.X_test) == len(p.own.X)
    assert widget(at, "problem").value == problem and widget(at, "dataset").value == OWN
    assert any("Loaded data.csv" in t.value for t in at.toast)
    first = p.trainer.latest["train_loss"]
    for _ in range(3):
        at.button(key="step").click().run()
    assert not at.exception and p.trainer.epoch == 3 and p.trainer.latest["train_loss"] < first


def legend(at):
    """The boundary's class legend entries as the live view draws them."""
    from playground.live.frames import live_figures
    p = pg(at)
    fig = live_figures(p, at.session_state["view"], p.grid())["main"]
    return [t["name"] for t in fig["data"] if t.get("legend") == "legend2"]


@pytest.mark.parametrize("data,expected", [
    (BINARY, ["inside (orange)", "outside (blue)"]),
    (MULTI, ["2", "5", "11", "40"]),                     # the file's labels, not 0-3
    (lines([(a, b, -1 if a < 0 else 1) for a, b in P[:60]], header=False), ["-1 (orange)", "1 (blue)"]),
    (lines([(a, b, "a-very-long-class-name-indeed" if a < 0 else 0) for a, b in P[:60]]),
     ["0 (orange)", "a-very-long-class-n… (blue)"]),
], ids=["words", "numbers", "minus-one-one", "long"])
def test_the_boundary_legend_names_the_files_classes(data, expected):
    at = upload(app(), data)
    assert legend(at) == expected
    problem = pg(at).config.problem
    at.selectbox(key="dataset").set_value(DEFAULT_DATASET[problem]).run()   # generated data: the legend's own words
    n = pg(at).n_classes
    assert legend(at) == (["class 0 (orange)", "class 1 (blue)"] if problem == "binary" else [str(i) for i in range(n)])


def test_labels_map_to_classes_in_sorted_order():
    t = read_table(b"0,0,dog\n1,1,cat\n2,2,dog\n3,3,emu\n", max_bytes=100, max_rows=10, max_classes=6)
    assert t.kind == "multiclass" and t.classes == ("cat", "dog", "emu") and list(t.y) == [1, 0, 1, 2]
    t = read_table(b"0,0,10\n1,1,-3\n", max_bytes=100, max_rows=10, max_classes=6)
    assert t.kind == "binary" and list(t.y) == [1, 0] and not t.header


def test_points_beyond_the_plane_are_centred_and_scaled_alike_and_targets_into_minus_1_to_1():
    t = read_table(b"x,y,t\n100,0,4.0\n200,50,-2.0\n", max_bytes=100, max_rows=10, max_classes=6)
    assert t.header and t.kind == "regression" and t.target_scale == 0.25 and list(t.y) == [1.0, -0.5]
    assert np.allclose(t.X, [[-5.4, -2.7], [5.4, 2.7]])        # 0.9 of the plane, the shape kept
    assert t.centre == (150.0, 25.0) and np.isclose(t.scale, 5.4 / 50)


def too_many_rows():
    return lines([(0, 0, i % 2) for i in range(2001)])


BAD = [
    (b"", "the file is empty"),
    (b"\n \n\n", "the file is empty"),
    (b"x1,x2,label\n", "header but no data lines"),
    (b"1,2\n3,4\n", "line 1 has 2 values; every line needs 3: x1, x2, label"),
    (b"1,2,0\n3,4,1,7\n", "line 2 has 4 values; every line needs 3"),
    (b"x1,x2,label\n1,2,0\n1,abc,1\n", "line 3: x2 is “abc”, which is not a number"),
    (b"1,2,0\n,3,1\n", "line 2: x1 is empty"),
    (b"1,2,0\n3,4,\n", "line 2: the label is empty"),
    (b"1,2,0\ninf,3,1\n", "line 2: x1 is “inf”; values must be finite numbers"),
    (b"1,2,0\n3,nan,1\n", "line 2: x2 is “nan”; values must be finite numbers"),
    (b"1,2,0.5\n3,4,nan\n", "the label is “nan”; labels must be finite"),
    (b"1,2,0.5\n3,4,abc\n", "line 2: the label “abc” is not a number, while others are decimal numbers"),
    (b"1,2,1\n3,4,1\n5,6,1\n", "every label is “1”: one class only; a classification needs 2 to 6 classes"),
    (lines([(i, i, i) for i in range(7)]), "it has 7 different labels; at most 6 classes are allowed"),
    (b"1,2,0\n", "it has 1 data line; at least 2 are needed"),
    (too_many_rows(), "it has 2,001 data lines; at most 2,000 are allowed"),
    (b"1,1,0\n" * (MAX_BYTES // 6 + 1), f"the file has 1,048,578 bytes; at most {MAX_BYTES:,} are allowed"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "it is a binary file, not text"),
    ("1,2,café\n3,4,thé\n".encode("latin-1"), "it is not UTF-8 text (byte 8 is 0xe9)"),
]


@pytest.fixture(scope="module")
def session():
    """One session with your data loaded and one epoch trained: every bad file below must leave it as it is."""
    at = upload(app({"h1": "3"}), BINARY, "good.csv")
    at.button(key="step").click().run()
    return at


@pytest.mark.parametrize("data,message", BAD, ids=[m[:40] for _, m in BAD])
def test_a_bad_file_is_refused_with_what_is_wrong_and_nothing_changes(session, data, message):
    at = session
    p = pg(at)
    config, own, X, params = p.config, p.own, p.X_train.copy(), [a.copy() for a in p.model.params]
    upload(at, data, "bad.csv")
    assert [w.value for w in at.warning if "bad.csv was not loaded, and nothing was changed" in w.value
            and message in w.value and "Allowed: a CSV file (UTF-8 text, at most 1 MB) of up to 2,000 lines"
            in w.value], ([w.value for w in at.warning], message)
    assert p is pg(at) and p.config == config and p.own is own and p.trainer.epoch == 1
    assert np.array_equal(p.X_train, X) and all(np.array_equal(a, b) for a, b in zip(p.model.params, params))
    assert widget(at, "dataset").value == OWN


def test_your_data_survives_play_and_reset_and_is_not_in_the_url():
    at = upload(app(), MULTI)
    p = pg(at)
    X, y = p.X_train.copy(), p.y_train.copy()
    at.button(key="play").click().run()
    assert p.playing and p.trainer.epoch > 0
    at.button(key="pause").click().run()
    at.button(key="reset").click().run()
    assert not at.exception and p.trainer.epoch == 0 and p.config.dataset == OWN
    assert np.array_equal(p.X_train, X) and np.array_equal(p.y_train, y)
    assert "dataset" not in at.query_params and at.query_params["problem"] == "multiclass"
    assert any("Your own data is not part of the link" in c.value for c in at.caption)


def test_split_and_features_apply_to_your_data():
    at = upload(app(), BINARY)
    widget(at, "train_pct").set_value(80).run()
    p = pg(at)
    assert (len(p.X_train), len(p.X_test)) == (160, 40)
    train = {tuple(x) for x in p.X_train}
    widget(at, "data_seed").set_value(3).run()             # a new split of the same points, the same network
    assert len(p.X_train) == 160 and {tuple(x) for x in p.X_train} != train and p.config.dataset == OWN
    widget(at, "features").set_value(["x1", "x2", "x1^2", "x2^2"]).run()
    assert p.model.sizes[0] == 4 and p.trainer.X_train.shape == (160, 4)


def test_a_generated_dataset_can_be_chosen_and_your_data_chosen_again():
    at = upload(app(), BINARY)
    own = pg(at).own
    widget(at, "dataset").set_value("xor").run()
    assert pg(at).config.dataset == "xor" and pg(at).own is own
    assert any("Not shown now: choose Your data under Dataset" in c.value for c in at.caption)
    widget(at, "dataset").set_value(OWN).run()
    assert pg(at).config.dataset == OWN and len(pg(at).X_train) == 100


def test_drawing_adds_training_points_undo_takes_them_back():
    p = Playground()
    before = len(p.X_train)
    p.train(epochs=2)
    p.draw(1.0, -2.0, 1)
    p.draw(2.0, -2.0, 0)
    assert p.config.dataset == OWN and len(p.X_train) == before + 2 and p.trainer.epoch == 2   # weights kept
    assert list(p.X_train[-1]) == [2.0, -2.0] and p.y_train[-1] == 0
    assert p.clear_drawn() and len(p.X_train) == before
    assert p.undo_draw() and len(p.X_train) == before + 2
    assert p.undo_draw() and p.undo_draw() and p.config.dataset == "circle" and p.own is None
    assert not p.undo_draw()
    with pytest.raises(ValueError, match="outside the plane"):
        p.draw(7.0, 0.0, 1)


def test_a_link_cannot_ask_for_your_data():
    config, warnings = Config.from_query({"dataset": OWN})
    assert config.dataset == "circle" and "never part of a link" in warnings[0]
    assert "dataset" not in Config().replace(dataset=OWN).to_query()


def test_a_map_click_is_drawn_once_even_if_two_runs_get_its_event(monkeypatch):
    # Streamlit keeps an interrupted run's events for the next run: the same click may arrive twice
    from types import SimpleNamespace

    from playground.state.view import View
    from playground.ui import ownpanel
    monkeypatch.setattr(ownpanel, "st", SimpleNamespace(session_state={}))
    p, view = Playground(), View(draw=0)
    before = len(p.X_train)
    ownpanel.clicked(p, view, [-2.0, 5.0, 1])
    ownpanel.clicked(p, view, [-2.0, 5.0, 1])            # the same event again: nothing more
    assert len(p.X_train) == before + 1
    ownpanel.clicked(p, view, [-2.0, 5.0, 2])            # the next click at the same place: drawn
    ownpanel.clicked(p, view, [1.0, 1.0])                # not an event of this view: left out
    assert len(p.X_train) == before + 2
