"""`nn_core.anatomy`: every number of the walk-through against the core itself, the whole walk-through
against one trainer step, and the gradient check (full, sampled, and fed deliberately wrong gradients)."""
import copy

import numpy as np
import pytest

from nn_core import Network, Trainer, make_optimizer
from nn_core.activations import ACTIVATIONS
from nn_core.anatomy import Stage, one_step
from nn_core.gradcheck import BUGS, broken_gradients, check_gradients, gradient_check, kink_report, verdict
from nn_core.losses import HEADS
from nn_core.network import copy_model
from nn_core.optimizers import OPTIMIZERS
from playground.text.inside_step import VERDICT_TEXT, describe
from playground.text.words import counted

REGS = {"none": (0.0, 0.0), "l1": (0.05, 0.0), "l2": (0.0, 0.3), "l1+l2": (0.02, 0.1)}


def problem(sizes=(2, 4, 2, 1), activation="tanh", head="sigmoid", m=6, seed=0):
    rng = np.random.default_rng(seed)
    model = Network(list(sizes), activation=activation, output=head, seed=seed)
    X = rng.normal(0, 1.2, (m, sizes[0]))
    k = sizes[-1]
    if head == "softmax":
        y = rng.integers(0, k, m)
    elif head == "sigmoid":
        y = rng.integers(0, 2, (m, k)) if k > 1 else rng.integers(0, 2, m)
    elif head == "tanh":
        y = rng.integers(0, 2, m) if k == 1 else rng.choice([-1.0, 1.0], (m, k))
    else:
        y = rng.normal(0, 1, (m, k))
    return model, X, model.targets(y)


def warmed(model, optimizer, X, Y, l1, l2, steps=3):
    """A few real steps first, so momentum / RMSprop / Adam state is not trivial."""
    for _ in range(steps):
        model.forward(X, train=True)
        optimizer.step(model.params, model.backward(Y, l1, l2))
    return model, optimizer


def by_key(stages):
    return {s.key: s for s in stages}


def trainer_step(model, optimizer, X, Y, l1, l2, clip_norm=None):
    """One step of the real Trainer on this exact batch, on copies."""
    model, optimizer = copy.deepcopy(model), copy.deepcopy(optimizer)
    t = Trainer(model, optimizer, X, Y, batch_size=len(X), l1=l1, l2=l2, clip_norm=clip_norm, task="regression")
    t._step(t.X_train, t.Y_train)
    return model, optimizer


def test_stage_structure_and_keys():
    model, X, Y = problem()
    stages = one_step(model, make_optimizer("sgd", 0.1), X, Y)
    assert all(isinstance(s, Stage) for s in stages)
    assert [s.key for s in stages] == ["forward-1", "forward-2", "forward-3", "loss", "delta-out", "backward-3",
                                       "backward-2", "backward-1", "update-1", "update-2", "update-3", "result"]
    for s in stages:
        text = describe(s)
        assert text.title and text.formula and s.arrays
        assert all(isinstance(v, np.ndarray) for v in s.arrays.values())
        assert s.layer is None or 1 <= s.layer <= 3
        grouped = [k for g in s.groups for k in g]
        assert len(grouped) == len(set(grouped)) and set(grouped) <= set(s.arrays)


@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_forward_loss_and_backward_numbers_are_the_cores(activation, head):
    k = 3 if head == "softmax" else 1
    model, X, Y = problem((2, 5, 3, k), activation, head, m=4, seed=1)
    l1, l2 = 0.03, 0.2
    stages = by_key(one_step(model, make_optimizer("sgd", 0.1), X, Y, l1, l2))
    ref = copy.deepcopy(model)
    out = ref.forward(X, train=True)
    zs, acts = ref.z_values, ref.activations
    for i in range(ref.n_layers):
        a = stages[f"forward-{i + 1}"].arrays
        np.testing.assert_array_equal(a[f"a[{i}]"], acts[i])
        np.testing.assert_array_equal(a[f"W[{i + 1}]"], model.params[2 * i])
        np.testing.assert_array_equal(a[f"b[{i + 1}]"], model.params[2 * i + 1])
        np.testing.assert_array_equal(a[f"z[{i + 1}]"], zs[i])
        np.testing.assert_array_equal(a[f"a[{i + 1}]"], acts[i + 1])
    L = ref.n_layers
    loss = stages["loss"].arrays
    np.testing.assert_array_equal(loss[f"a[{L}]"], out)
    assert float(loss["data loss L"]) == HEADS[head].loss(zs[-1], Y) == ref.data_loss(X, Y)
    assert float(loss["penalty"]) == ref.penalty(len(X), l1, l2)
    assert float(loss["cost J"]) == pytest.approx(ref.cost(X, Y, l1, l2), rel=1e-15)
    per_point = [HEADS[head].loss(zs[-1][r:r + 1], Y[r:r + 1]) for r in range(len(X))]
    np.testing.assert_allclose(loss["loss per point"][:, 0], per_point, rtol=0)
    assert np.mean(per_point) == pytest.approx(float(loss["data loss L"]), rel=1e-12)

    ref.forward(X, train=True)
    delta_out = HEADS[head].delta(zs[-1], acts[-1], Y)
    np.testing.assert_array_equal(stages["delta-out"].arrays[f"δ[{L}]"], delta_out)
    grads = ref.backward(Y, l1, l2)
    data_grads = copy.deepcopy(model)
    data_grads.forward(X, train=True)
    data_grads = data_grads.backward(Y, 0.0, 0.0)
    m = len(X)
    for i in range(L):
        layer = i + 1
        a = stages[f"backward-{layer}"].arrays
        np.testing.assert_array_equal(a[f"dW[{layer}]"], grads[2 * i])
        np.testing.assert_array_equal(a[f"db[{layer}]"], grads[2 * i + 1])
        np.testing.assert_array_equal(a[f"a[{i}]"], acts[i])
        np.testing.assert_allclose(a[f"a[{i}]ᵀ·δ[{layer}]"], data_grads[2 * i], rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(a[f"λ₂/m·W[{layer}]"], l2 / m * model.params[2 * i])
        np.testing.assert_array_equal(a[f"λ₁/m·sign(W[{layer}])"], l1 / m * np.sign(model.params[2 * i]))
        total = a[f"a[{i}]ᵀ·δ[{layer}]"] + a[f"λ₂/m·W[{layer}]"] + a[f"λ₁/m·sign(W[{layer}])"]
        np.testing.assert_allclose(total, grads[2 * i], rtol=1e-12, atol=1e-15)
        delta = a[f"δ[{layer}]"]
        np.testing.assert_allclose(delta.sum(axis=0, keepdims=True), grads[2 * i + 1], rtol=1e-12, atol=1e-15)
        if layer < L:
            np.testing.assert_array_equal(a[f"δ[{layer + 1}]"], stages[
                "delta-out" if layer + 1 == L else f"backward-{layer + 1}"].arrays[f"δ[{layer + 1}]"])
            np.testing.assert_array_equal(a[f"W[{layer + 1}]"], model.params[2 * layer])
            ones = np.ones_like(zs[i])
            ACTIVATIONS[activation].derivative(zs[i], acts[layer], ones)
            np.testing.assert_array_equal(a[f"f′(z[{layer}])"], ones)
            h = 1e-6      # and f′ really is the activation's slope, away from kinks
            slope = (ACTIVATIONS[activation](zs[i] + h) - ACTIVATIONS[activation](zs[i] - h)) / (2 * h)
            smooth = np.abs(zs[i]) > 1e-3
            np.testing.assert_allclose(a[f"f′(z[{layer}])"][smooth], slope[smooth], rtol=1e-5, atol=1e-7)
            np.testing.assert_allclose(delta, a[f"δ[{layer + 1}]·W[{layer + 1}]ᵀ"] * a[f"f′(z[{layer}])"],
                                       rtol=1e-14, atol=0)


def test_single_point_delta_is_the_cores_bias_gradient():
    model, X, Y = problem((2, 4, 3, 1), "tanh", "sigmoid", m=1)
    stages = by_key(one_step(model, make_optimizer("sgd", 0.1), X, Y))
    ref = copy.deepcopy(model)
    ref.forward(X)
    grads = ref.backward(Y)
    for layer in (1, 2, 3):
        np.testing.assert_array_equal(stages[f"backward-{layer}"].arrays[f"δ[{layer}]"], grads[2 * layer - 1])


@pytest.mark.parametrize("reg", list(REGS))
@pytest.mark.parametrize("opt_name", list(OPTIMIZERS))
def test_whole_walk_through_equals_one_trainer_step(opt_name, reg):
    l1, l2 = REGS[reg]
    model, X, Y = problem((3, 5, 4, 2), "tanh", "softmax", m=7, seed=3)
    optimizer = make_optimizer(opt_name, 0.05)
    warmed(model, optimizer, X, Y, l1, l2)
    before_params = model.get_params()
    before_state = copy.deepcopy(optimizer.__dict__)
    stages = by_key(one_step(model, optimizer, X, Y, l1, l2))

    # the model and the optimizer passed in are untouched
    assert all(np.array_equal(a, b) for a, b in zip(before_params, model.params))
    assert repr(before_state) == repr(optimizer.__dict__)
    for k, v in before_state.items():
        got = optimizer.__dict__[k]
        if isinstance(v, list):
            assert all(np.array_equal(a, b) for a, b in zip(v, got))

    # a trainer-equivalent step by hand, and the Trainer's own step: both bit-for-bit equal to the walk-through
    ref, ref_opt = copy.deepcopy(model), copy.deepcopy(optimizer)
    ref_state = ref_opt.state()
    ref.forward(X, train=True)
    grads = ref.backward(Y, l1, l2)
    ref_opt.step(ref.params, grads)
    tr, _ = trainer_step(model, optimizer, X, Y, l1, l2)
    result = stages["result"].arrays
    for i in range(model.n_layers):
        layer = i + 1
        for name, j in (("W", 2 * i), ("b", 2 * i + 1)):
            np.testing.assert_array_equal(result[f"{name}[{layer}] after"], ref.params[j])
            np.testing.assert_array_equal(result[f"{name}[{layer}] after"], tr.params[j])
            upd = stages[f"update-{layer}"].arrays
            np.testing.assert_array_equal(upd[f"{name}[{layer}] before"], before_params[j])
            np.testing.assert_array_equal(upd[f"d{name}[{layer}]"], grads[j])
            np.testing.assert_array_equal(upd[f"{name}[{layer}] after"], ref.params[j])
            np.testing.assert_array_equal(upd[f"change of {name}[{layer}]"], ref.params[j] - before_params[j])
            _check_optimizer_state(opt_name, upd, f"{name}[{layer}]", j, ref_state, ref_opt, grads[j])
    assert float(result["cost before"]) == pytest.approx(model.cost(X, Y, l1, l2), rel=1e-15)
    assert float(result["cost after"]) == pytest.approx(ref.cost(X, Y, l1, l2), rel=1e-15)
    assert float(result["data loss after"]) == ref.data_loss(X, Y)


def _check_optimizer_state(opt_name, arrays, p, j, state_before, opt_after, g):
    if opt_name in ("momentum", "nesterov"):
        np.testing.assert_array_equal(arrays[f"v({p}) before"], state_before[j])
        np.testing.assert_array_equal(arrays[f"v({p}) after"], opt_after.buffers[j])
        if opt_name == "nesterov":
            np.testing.assert_array_equal(arrays[f"d{p} + μ·v"], g + opt_after.momentum * opt_after.buffers[j])
    elif opt_name == "rmsprop":
        np.testing.assert_array_equal(arrays[f"s({p}) before"], state_before[j])
        np.testing.assert_array_equal(arrays[f"s({p}) after"], opt_after.square_avg[j])
    elif opt_name == "adam":
        t, b1, b2 = opt_after.t, *opt_after.betas
        assert t == state_before[0] + 1 == 4
        if p.startswith("W"):
            assert float(arrays["t"]) == t and float(arrays["1 − β₁ᵗ"]) == 1 - b1 ** t
        np.testing.assert_array_equal(arrays[f"m({p}) before"], state_before[1][j])
        np.testing.assert_array_equal(arrays[f"v({p}) before"], state_before[2][j])
        np.testing.assert_array_equal(arrays[f"m({p}) after"], opt_after.m[j])
        np.testing.assert_array_equal(arrays[f"v({p}) after"], opt_after.v[j])
        np.testing.assert_allclose(arrays[f"m̂({p}) = m/(1−β₁ᵗ)"], opt_after.m[j] / (1 - b1 ** t), rtol=1e-15)
        np.testing.assert_allclose(arrays[f"v̂({p}) = v/(1−β₂ᵗ)"], opt_after.v[j] / (1 - b2 ** t), rtol=1e-15)
    else:
        assert not any("before" in k and not k.startswith(("W", "b")) for k in arrays)


@pytest.mark.parametrize("opt_name", list(OPTIMIZERS))
def test_first_step_from_fresh_optimizer_state(opt_name):
    model, X, Y = problem()
    optimizer = make_optimizer(opt_name, 0.1)
    stages = by_key(one_step(model, optimizer, X, Y, 0.0, 0.1))
    ref, ref_opt = copy.deepcopy(model), copy.deepcopy(optimizer)
    ref.forward(X, train=True)
    ref_opt.step(ref.params, ref.backward(Y, 0.0, 0.1))
    for j, p in enumerate(ref.params):
        name = ("W", "b")[j % 2] + f"[{j // 2 + 1}]"
        np.testing.assert_array_equal(stages["result"].arrays[f"{name} after"], p)
    assert optimizer.state() is None        # still fresh


def test_gradient_clipping_stage_matches_the_trainer():
    model, X, Y = problem(m=8)
    optimizer = make_optimizer("momentum", 0.5)
    warmed(model, optimizer, X, Y, 0.0, 0.0)
    stages = by_key(one_step(model, optimizer, X, Y, clip_norm=0.01))
    assert "clip" in stages and float(stages["clip"].arrays["scale"]) < 1
    tr, _ = trainer_step(model, optimizer, X, Y, 0.0, 0.0, clip_norm=0.01)
    for j, p in enumerate(tr.params):
        name = ("W", "b")[j % 2] + f"[{j // 2 + 1}]"
        np.testing.assert_array_equal(stages["result"].arrays[f"{name} after"], p)
    # the backward stages show the unclipped gradient, the update the clipped one
    ref = copy.deepcopy(model)
    ref.forward(X)
    np.testing.assert_array_equal(stages["backward-1"].arrays["dW[1]"], ref.backward(Y)[0])
    assert np.abs(stages["update-1"].arrays["dW[1]"]).max() < np.abs(stages["backward-1"].arrays["dW[1]"]).max()


def test_copies_leave_the_forward_record_behind_and_the_original_alone():
    model, X, Y = problem()
    model.forward(np.zeros((500, 2)))                     # e.g. the playground's grid evaluation
    caches = [model.z_values, model.activations]
    copied = copy_model(model)
    assert copied.z_values == [] and copied.activations == []
    assert all(a is not b and np.array_equal(a, b) for a, b in zip(copied.params, model.params))
    one_step(model, make_optimizer("adam", 0.1), X, Y)
    check_gradients(model, X, Y)
    assert model.z_values is caches[0] and model.activations is caches[1] and len(model.z_values[0]) == 500


def test_dropout_is_off_in_the_walk_through_and_said_so():
    model, X, Y = problem()
    model.dropout = 0.5
    rng_state = copy.deepcopy(model.rng.bit_generator.state)
    stages = by_key(one_step(model, make_optimizer("sgd", 0.1), X, Y))
    note = describe(stages["forward-1"]).note
    assert "dropout 0.5" in note and "without it" in note
    assert model.dropout == 0.5 and model.rng.bit_generator.state == rng_state
    ref = copy.deepcopy(model)
    np.testing.assert_array_equal(stages["forward-3"].arrays["a[3]"], ref.forward(X, train=False))


def test_labels_are_encoded_and_bad_numbers_do_not_raise():
    model, X, _ = problem((2, 3, 3), "relu", "softmax")
    stages = one_step(model, make_optimizer("adam", 0.01), X, np.array([0, 1, 2, 0, 1, 2]))
    assert by_key(stages)["loss"].arrays["Y"].shape == (6, 3)
    model.params[0][0, 0] = np.nan
    stages = one_step(model, make_optimizer("sgd", 0.1), X, np.array([0, 1, 2, 0, 1, 2]))
    assert np.isnan(float(by_key(stages)["result"].arrays["cost after"]))


def test_no_hidden_layer_network():
    model, X, Y = problem((2, 1), "tanh", "linear")
    stages = by_key(one_step(model, make_optimizer("rmsprop", 0.01), X, Y, 0.1, 0.1))
    assert list(stages) == ["forward-1", "loss", "delta-out", "backward-1", "update-1", "result"]
    ref = copy.deepcopy(model)
    ref.forward(X)
    np.testing.assert_array_equal(stages["backward-1"].arrays["dW[1]"], ref.backward(Y, 0.1, 0.1)[0])


# ---- gradient check --------------------------------------------------------------------------------

def test_verdicts():
    assert VERDICT_TEXT[verdict(3e-11)] == "backprop agrees"
    assert VERDICT_TEXT[verdict(2e-5)] == "agrees within finite-difference noise"
    assert VERDICT_TEXT[verdict(0.02)] == "disagrees"
    assert VERDICT_TEXT[verdict(float("nan"))].startswith("could not")


@pytest.mark.parametrize("activation,head,reg", [("tanh", "sigmoid", "l2"), ("sigmoid", "softmax", "none"),
                                                 ("swish", "linear", "l2"), ("elu", "tanh", "none"),
                                                 ("softplus", "sigmoid", "l2"), ("sine", "linear", "none")])
def test_gradient_check_agrees_on_healthy_networks(activation, head, reg):
    k = 3 if head == "softmax" else 1
    model, X, Y = problem((2, 6, 4, k), activation, head, m=20, seed=4)
    l1, l2 = REGS[reg]
    before = model.get_params()
    rows = check_gradients(model, X, Y, l1, l2)
    assert [r["layer"] for r in rows] == [1, 2, 3]
    assert all(r["error"] < 1e-6 and r["verdict"] == "agrees" for r in rows), rows
    assert all(r["checked"] == r["total"] for r in rows)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.params))


def test_gradient_check_with_relu_and_l1_agrees_with_a_small_epsilon():
    model, X, Y = problem((2, 8, 8, 1), "relu", "sigmoid", m=30, seed=5)
    rows = check_gradients(model, X, Y, l1=0.01, eps=1e-6)
    assert all(r["verdict"] != "disagrees" for r in rows), rows


def test_sampled_gradient_check_on_the_largest_network():
    model, X, Y = problem([7] + [32] * 8 + [6], "tanh", "softmax", m=50, seed=6)
    before = model.get_params()
    rows = check_gradients(model, X, Y, l2=0.01)
    assert len(rows) == 9
    assert all(r["checked"] < r["total"] or r["total"] <= 132 for r in rows)
    assert sum(r["checked"] for r in rows) < 1300
    assert all(r["verdict"] == "agrees" for r in rows), rows
    assert all(np.array_equal(a, b) for a, b in zip(before, model.params))


def test_sampled_check_flags_a_wrong_gradient():
    model, X, Y = problem((2, 16, 16, 1), "tanh", "sigmoid", m=20, seed=7)
    model.forward(X)
    grads = model.backward(Y)
    grads[2] = grads[2] + 1e-3 * np.sign(grads[2])
    rows = check_gradients(model, X, Y, backprop=grads, max_params=50, sample_weights=40, sample_biases=8)
    assert [r["verdict"] for r in rows] == ["agrees", "disagrees", "agrees"]
    assert rows[1]["checked"] == 48 and rows[1]["total"] == 16 * 16 + 16


def test_gradient_check_flags_a_deliberately_wrong_gradient():
    model, X, Y = problem((2, 5, 3, 1), "tanh", "sigmoid", m=10, seed=8)
    model.forward(X)
    grads = model.backward(Y)
    grads[0] = grads[0] * 1.05
    rows = gradient_check(model, X, Y, backprop=grads)          # the core's own check
    assert rows[0]["error"] > 1e-3 and rows[1]["error"] < 1e-6
    rows = check_gradients(model, X, Y, backprop=grads)
    assert [r["verdict"] for r in rows] == ["disagrees", "agrees", "agrees"]


@pytest.mark.parametrize("bug", [b for b in BUGS if b != "none"])
def test_the_tutorials_bugs_are_caught(bug):
    model, X, Y = problem((2, 5, 3, 1), "tanh", "sigmoid", m=10, seed=9)
    l2 = 0.5
    grads = broken_gradients(model, X, Y, 0.0, l2, bug)
    rows = check_gradients(model, X, Y, 0.0, l2, backprop=grads)
    assert any(r["verdict"] == "disagrees" for r in rows), rows
    healthy = check_gradients(model, X, Y, 0.0, l2, backprop=broken_gradients(model, X, Y, 0.0, l2, "none"))
    assert all(r["verdict"] == "agrees" for r in healthy)


def test_relu_kinks_are_reported_where_the_check_cannot_agree():
    model, X, Y = problem((2, 3, 2, 1), "relu", "sigmoid", m=6, seed=10)
    X[0] = 0.0                                  # z[1] = 0 exactly for this point: on the kink of every unit
    report = kink_report(model, X)
    assert report["exactly"] >= 3 and report["near"] >= report["exactly"] and report["weights_near"] == 0
    rows = check_gradients(model, X, Y)
    assert rows[0]["error"] > 1e-6           # the first layer's biases sit on the kink: the estimate is off
    assert all(r["verdict"] == "agrees" for r in check_gradients(model, X[1:], Y[1:]))
    assert kink_report(model, X[1:])["exactly"] == 0
    model.params[0][0, 0] = 1e-5
    assert kink_report(model, X, l1=0.1)["weights_near"] == 1
    smooth, X2, _ = problem((2, 3, 1), "tanh", "sigmoid")
    assert kink_report(smooth, X2) == {"exactly": 0, "near": 0, "weights_near": 0}


def test_the_notes_count_one_point_and_many_in_words():
    model, X, Y = problem()
    for m, row, loss in ((1, "The 1 point is a row: (1×2)", "the batch's 1 point"),
                         (6, "Each of the 6 points is a row: (6×2)", "the batch's 6 points")):
        stages = by_key(one_step(model, make_optimizer("sgd", 0.1), X[:m], Y[:m]))
        assert row in describe(stages["forward-1"]).note
        assert loss in describe(stages["loss"]).note
    assert [counted(n, "point") for n in (0, 1, 2, 1500)] == ["0 points", "1 point", "2 points", "1,500 points"]
    assert counted(1, "batch", "batches") == "1 batch" and counted(3, "batch", "batches") == "3 batches"
