"""Diagnostics: dead / inactive / saturated units, gradient norms (core and Trainer), weight histograms,
and their figures."""
import numpy as np
import pytest

from harness.plotly_json import DARK_PAGE, LIGHT_PAGE, contrast_ratio, font_colors, spec
from nn_core import Network, Trainer, make_optimizer
from nn_core.datasets import make_dataset, train_test_split
from nn_core.diagnostics import layer_names, nice_limit, unit_health, weight_histograms
from playground.figures.diagnostics import gradient_norm_figure, rule_text, unit_health_figure, weight_histogram_figure
from playground.figures.style import figure_payload_bytes

RNG = np.random.default_rng(0)
X = RNG.uniform(-1.0, 1.0, (200, 2))


def relu_net_with_dead_units():
    """2-4-3-1 ReLU net. Layer 1: units 0 and 2 have z <= 0 on every row of X (unit 2 exactly 0, which
    has zero gradient too), units 1 and 3 are active somewhere. Layer 2: unit 1 only sees dead inputs
    with a negative bias."""
    net = Network([2, 4, 3, 1], activation="relu", seed=0)
    W0 = np.array([[0.5, 1.0, 0.0, -1.0], [0.5, 0.0, 0.0, 1.0]])
    b0 = np.array([[-1.5, 0.0, 0.0, 0.1]])       # unit 0: 0.5(x1+x2) - 1.5 <= -0.5 on [-1, 1]²
    W1 = np.array([[1.0, 3.0, 0.0], [1.0, 0.0, 0.0], [0.0, 5.0, 1.0], [1.0, 0.0, 0.0]])
    b1 = np.array([[0.1, -0.2, 0.3]])             # unit 1 = relu(3·dead + 5·dead - 0.2) = dead
    net.set_params([W0, b0, W1, b1, np.ones((3, 1)), np.zeros((1, 1))])
    return net


def test_relu_dead_units_exact():
    h = unit_health(relu_net_with_dead_units(), X)
    assert [e["name"] for e in h] == ["H1", "H2"]
    h1, h2 = h
    assert h1["check"] == "dead" and h1["units"] == 4 and h1["rows"] == 200
    assert h1["dead"].tolist() == [True, False, True, False]
    assert h1["dead_share"] == 0.5
    assert h1["inactive_share"] == 0.5 and h1["inactive_fraction"][[0, 2]].tolist() == [1.0, 1.0]
    assert 0.0 < h1["inactive_fraction"][1] < 1.0 and 0.0 < h1["inactive_fraction"][3] < 1.0
    assert h2["dead"].tolist() == [False, True, False] and h2["dead_share"] == pytest.approx(1 / 3)
    assert h1["saturated"] is None and h1["saturated_share"] is None
    # the rule matches the core: a dead unit's weights get exactly zero gradient on this data
    net = relu_net_with_dead_units()
    net.forward(X)
    dW0 = net.backward(net.targets(np.zeros(len(X), dtype=int)))[0]
    assert np.all(dW0[:, [0, 2]] == 0.0) and np.any(dW0[:, [1, 3]] != 0.0)


def test_dead_eps_widens_the_rule():
    net = relu_net_with_dead_units()
    assert unit_health(net, X, dead_eps=10.0)[0]["dead_share"] == 1.0


def test_leaky_relu_and_elu_report_inactive_not_dead():
    for act in ("leaky_relu", "elu"):
        net = relu_net_with_dead_units()
        net.activation = act
        h1 = unit_health(net, X)[0]
        assert h1["check"] == "inactive" and h1["dead"] is None and h1["dead_share"] is None
        assert h1["inactive"].tolist() == [True, False, True, False] and h1["inactive_share"] == 0.5


def tanh_net(scale=1.0, activation="tanh"):
    """2-3-1: unit 0 has huge weights (saturated away from the line x1 + x2 = 0), unit 1 tiny weights,
    unit 2 a constant pre-activation of 5 (tanh 5 = 0.99991)."""
    net = Network([2, 3, 1], activation=activation, seed=0)
    W0 = np.array([[100.0, 0.01, 0.0], [100.0, 0.01, 0.0]]) * scale
    b0 = np.array([[0.0, 0.0, 5.0]]) * scale
    net.set_params([W0, b0, np.ones((3, 1)), np.zeros((1, 1))])
    return net


def test_tanh_saturation():
    h = unit_health(tanh_net(), X)[0]
    frac = np.mean(np.abs(np.tanh(100.0 * X.sum(axis=1))) > 0.95)
    assert frac > 0.9  # the data sits mostly away from the line
    assert h["check"] == "saturated" and h["dead"] is None and h["inactive"] is None
    np.testing.assert_array_equal(h["saturated_fraction"], [frac, 0.0, 1.0])
    assert h["saturated"].tolist() == [True, False, True] and h["saturated_share"] == pytest.approx(2 / 3)
    # a unit saturated on about 80 % of the rows counts only with a row_share below that
    net = tanh_net()
    net.params[0][:, 0] = 10.0
    frac = np.mean(np.abs(np.tanh(10.0 * X.sum(axis=1))) > 0.95)
    assert 0.6 < frac < 0.9
    assert unit_health(net, X)[0]["saturated"].tolist() == [False, False, True]
    assert unit_health(net, X, row_share=0.6)[0]["saturated"].tolist() == [True, False, True]
    assert unit_health(net, X, saturation=0.5, row_share=0.9)[0]["saturated"][0]


def test_sigmoid_uses_the_same_derivative_cut():
    # 2·sigmoid(2z) - 1 = tanh z: doubling the weights of a sigmoid net gives tanh's saturation exactly
    t = unit_health(tanh_net(), X)[0]
    s = unit_health(tanh_net(scale=2.0, activation="sigmoid"), X)[0]
    np.testing.assert_allclose(s["saturated_fraction"], t["saturated_fraction"])
    assert s["saturated"].tolist() == t["saturated"].tolist()
    assert "a < 0.025 or a > 0.975" in rule_text(s)


def test_softplus_flat_tail_and_activations_without_a_check():
    net = Network([2, 2, 1], activation="softplus", seed=0)
    net.set_params([np.zeros((2, 2)), np.array([[-10.0, 0.0]]), np.ones((2, 1)), np.zeros((1, 1))])
    assert unit_health(net, X)[0]["saturated"].tolist() == [True, False]
    for act in ("linear", "sine", "swish"):
        h = unit_health(Network([2, 5, 5, 1], activation=act, seed=0), X)
        assert len(h) == 2 and all(e["check"] is None for e in h)
        assert all(e[k] is None for e in h for k in ("dead_share", "inactive_share", "saturated_share"))
    assert unit_health(Network([2, 1], seed=0), X) == []
    with pytest.raises(ValueError):
        unit_health(tanh_net(), np.zeros((0, 2)))


def test_layer_names():
    assert layer_names(3) == ["H1", "H2", "output"] and layer_names(1) == ["output"]


def circle_trainer(**kw):
    Xc, y = make_dataset("circle", n=200, noise=0.0, seed=1)
    Xtr, ytr, Xte, yte = train_test_split(Xc, y, 0.5, seed=1)
    model = Network([2, 4, 2, 1], activation="tanh", output="sigmoid", seed=0)
    return Trainer(model, make_optimizer(kw.pop("optimizer", "sgd"), kw.pop("lr", 0.03)), Xtr, ytr, Xte, yte,
                   **kw)


def test_trainer_records_last_batch_gradient_norms():
    t = circle_trainer(batch_size=None)  # full batch: the epoch's one step uses the whole training set
    assert len(t.grad_norms) == 0        # no gradient before the first step
    t.run(epochs=4)
    m = t.model
    before = m.get_params()
    m.forward(t.X_train, train=True)
    grads = m.backward(t.Y_train)
    t.run(epochs=1)
    assert t.grad_norms.epochs().tolist() == [1, 2, 3, 4, 5]
    W, b = t.grad_norms.weights(), t.grad_norms.biases()
    assert W.shape == b.shape == (3, 5)
    np.testing.assert_allclose(W[:, -1], [np.linalg.norm(g) for g in grads[0::2]], rtol=1e-12)
    np.testing.assert_allclose(b[:, -1], [np.linalg.norm(g) for g in grads[1::2]], rtol=1e-12)
    assert not any(np.array_equal(p, q) for p, q in zip(before, m.params))


def test_gradient_norms_are_taken_before_clipping():
    t = circle_trainer(batch_size=None, clip_norm=1e-3)
    m = t.model
    m.forward(t.X_train, train=True)
    raw = m.backward(t.Y_train)
    assert np.sqrt(sum(np.sum(g * g) for g in raw)) > 1e-2  # so clipping is active
    t.run(epochs=1)
    np.testing.assert_allclose(t.grad_norms.weights()[:, 0], [np.linalg.norm(g) for g in raw[0::2]], rtol=1e-9)


def test_gradient_norm_history_is_thinned_and_bounded():
    t = circle_trainer(batch_size=50, history_size=20)
    t.run(epochs=300)
    epochs = t.grad_norms.epochs()
    assert len(epochs) <= 21 and epochs[-1] % t.grad_norms.stride == 0 and np.all(np.diff(epochs) > 0)
    assert np.all(np.isfinite(t.grad_norms.weights())) and np.all(t.grad_norms.weights() > 0)


def test_weight_histograms():
    net = Network([2, 8, 8, 1], activation="tanh", seed=0)
    net.params[0][0, 0] = 1.2
    hists = weight_histograms(net, bins=10)
    assert [h["name"] for h in hists] == ["H1", "H2", "output"]
    for h, W in zip(hists, net.weights):
        assert h["counts"].sum() == W.size == h["n"] and h["counts"].shape == (10,)
        assert h["edges"][0] == -h["limit"] and h["edges"][-1] == h["limit"] and len(h["edges"]) == 11
        assert h["limit"] >= np.abs(W).max() and h["max_abs"] == np.abs(W).max()
        np.testing.assert_array_equal(h["counts"], np.histogram(W, bins=10, range=(-h["limit"], h["limit"]))[0])
    assert hists[0]["limit"] == 1.5
    pinned = weight_histograms(net, bins=4, limit=0.5)
    assert all(h["limit"] == 0.5 and h["counts"].sum() == h["n"] for h in pinned)  # outliers clipped in
    net.params[2][0, 0] = np.nan
    assert weight_histograms(net)[1]["nonfinite"] == 1
    assert [nice_limit(v) for v in (0.0, 0.3, 1.0, 1.01, 2.9, 7.6, 1e-3)] == [1.0, 0.3, 1.0, 1.5, 3.0, 10.0, 1e-3]


# ---- figures ----------------------------------------------------------------------------------------------------

def test_gradient_norm_figure():
    epochs = np.arange(0, 1000)
    norms = np.vstack([np.full(1000, 1e-6), np.linspace(1.0, 2.0, 1000), np.r_[np.zeros(10), np.ones(990)]])
    fig = gradient_norm_figure(epochs, norms, max_points=100)
    assert [tr.name for tr in fig.data] == ["H1", "H2", "output"]
    assert fig.layout.yaxis.type == "log" and fig.layout.height == 240
    assert len(fig.data[0].x) <= 100 and fig.data[0].x[0] == 0 and fig.data[0].x[-1] == 999
    assert np.isnan(fig.data[2].y[0]) and fig.data[2].y[-1] == 1.0  # a zero norm is a gap on a log axis
    assert fig.data[0].y[0] == np.float32(1e-6)
    lin = gradient_norm_figure(epochs, norms, log_y=False, names=["a", "b", "c"])
    assert lin.layout.yaxis.type == "linear" and lin.data[2].y[0] == 0.0 and lin.data[1].name == "b"
    assert figure_payload_bytes(fig) < 12_000
    assert len(gradient_norm_figure([], np.zeros((0, 0))).data) == 0
    with pytest.raises(ValueError):
        gradient_norm_figure(np.arange(3), np.ones((2, 4)))


def test_unit_health_figure():
    fig = unit_health_figure(unit_health(relu_net_with_dead_units(), X))
    assert [tr.name for tr in fig.data] == ["dead"]
    assert list(fig.data[0].x) == ["H1", "H2"] and np.allclose(fig.data[0].y, [0.5, 1 / 3])
    assert list(fig.data[0].text) == ["2/4", "1/3"] and list(fig.layout.yaxis.range) == [0.0, 1.15]
    sat = unit_health_figure(unit_health(tanh_net(), X))
    assert [tr.name for tr in sat.data] == ["saturated"] and np.allclose(sat.data[0].y, [2 / 3])
    net = relu_net_with_dead_units()
    net.activation = "leaky_relu"
    assert [tr.name for tr in unit_health_figure(unit_health(net, X)).data] == ["inactive"]
    empty = unit_health_figure(unit_health(Network([2, 3, 1], activation="linear"), X))
    assert len(empty.data) == 0 and "linear" in empty.layout.annotations[0].text
    assert "No hidden" in unit_health_figure([]).layout.annotations[0].text


def test_weight_histogram_figure():
    net = Network([2, *[8] * 8, 1], activation="tanh", seed=0)
    hists = weight_histograms(net, bins=12)
    fig = weight_histogram_figure(hists)
    assert len(fig.data) == 9 and fig.layout.height == 2 * 130 + 46
    for i, (tr, h) in enumerate(zip(fig.data, hists)):
        assert tr.xaxis == ("x" if i == 0 else f"x{i + 1}")
        assert np.allclose(tr.y, h["counts"] / h["counts"].sum()) and list(tr.customdata) == list(h["counts"])
    assert list(fig.layout.xaxis.range) == [-hists[0]["limit"], hists[0]["limit"]]
    assert fig.layout.yaxis2.matches == "y" and fig.data[5].yaxis == "y2"
    assert [a.text for a in fig.layout.annotations][:2] == [f"H1 2×8 · ±{hists[0]['limit']:g}",
                                                            f"H2 8×8 · ±{hists[1]['limit']:g}"]
    assert figure_payload_bytes(fig) < 20_000
    one = weight_histogram_figure(weight_histograms(Network([2, 1]), bins=5))
    assert len(one.data) == 1 and one.layout.height == 130 + 46


def test_diagnostics_colours_stand_out_on_a_light_and_a_dark_page():
    epochs = np.arange(20)
    norms = np.vstack([np.full(20, 10.0 ** -i) for i in range(9)])       # 9 layers: every layer colour
    grad = spec(gradient_norm_figure(epochs, norms))
    bars = spec(unit_health_figure(unit_health(relu_net_with_dead_units(), X)))
    leaky = relu_net_with_dead_units()
    leaky.activation = "leaky_relu"
    inactive = spec(unit_health_figure(unit_health(leaky, X)))
    saturated = spec(unit_health_figure(unit_health(tanh_net(), X)))
    colours = {t["line"]["color"] for t in grad["data"]}
    assert len(colours) == 9
    colours |= {t["marker"]["color"] for s in (bars, inactive, saturated) for t in s["data"]}
    for colour in colours:
        for page in (LIGHT_PAGE, DARK_PAGE):
            assert contrast_ratio(colour, page) >= 3.0, f"{colour} on {page}: {contrast_ratio(colour, page):.2f}:1"
    # text in the theme's colour: no fixed font colour, also not in the note of an empty chart
    empty = spec(gradient_norm_figure([], np.zeros((0, 0))))
    assert empty["layout"]["annotations"][0]["text"].startswith("No gradient")
    hists = spec(weight_histogram_figure(weight_histograms(Network([2, 4, 1], seed=0))))
    for s in (grad, bars, empty, hists, spec(unit_health_figure([]))):
        assert font_colors(s["layout"]) == {}


def test_gradient_norm_ticks_do_not_overlap():
    # norms over 8 decades: plotly's "D2" ticks labelled 1, 2 and 5 of every decade, 24 labels in 156 px
    epochs = np.arange(0, 1000)
    norms = np.vstack([np.geomspace(1e-6, 1e-3, 1000), np.linspace(1.0, 2.0, 1000), np.full(1000, 20.0)])
    for height in (240, 400):
        lay = spec(gradient_norm_figure(epochs, norms, height=height))["layout"]
        y = lay["yaxis"]
        assert y["type"] == "log" and y["tickmode"] == "array" and "dtick" not in y
        plot_h = height - lay["margin"]["t"] - lay["margin"]["b"]
        lo, hi = y["range"]
        assert lo < -6 and np.log10(20.0) < hi
        exps = np.log10(y["tickvals"])
        np.testing.assert_allclose(exps, np.round(exps), atol=1e-9)      # powers of ten only
        assert all(lo <= e <= hi for e in exps)
        assert 3 <= len(exps) <= plot_h / 24
        assert np.all(np.diff(exps) / (hi - lo) * plot_h >= 24)          # labels at least 24 px apart
        assert len(set(y["ticktext"])) == len(exps) and "10<sup>−6</sup>" in y["ticktext"]
    # a flat norm still gets labelled ticks
    flat = spec(gradient_norm_figure(np.arange(30), np.full((1, 30), 3e-3)))["layout"]["yaxis"]
    assert len(flat["tickvals"]) >= 3
