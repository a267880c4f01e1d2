"""Trainer: stepping, reshuffling, bounded history, live rate changes and the divergence guard."""
import numpy as np
import pytest

from nn_core import Network, Trainer, make_optimizer
from nn_core.datasets import make_dataset, train_test_split
from nn_core.history import History
from nn_core.losses import r2_score
from nn_core.optimizers import clip_by_global_norm
from nn_core.training import CHECK_EVERY
from playground.text.words import divergence_message


def circle_trainer(seed=0, lr=0.03, optimizer="sgd", batch_size=10, **kw):
    X, y = make_dataset("circle", n=200, noise=0.0, seed=1)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.5, seed=1)
    model = Network([2, 4, 2, 1], activation="tanh", output="sigmoid", seed=seed)
    return Trainer(model, make_optimizer(optimizer, lr), Xtr, ytr, Xte, yte, batch_size=batch_size,
                   seed=seed, **kw)


def test_circle_learns():
    t = circle_trainer()
    first = t.latest["train_loss"]
    assert t.run(epochs=300) == 300 and t.epoch == 300
    assert t.latest["train_loss"] < first / 5
    assert t.latest["test_metric"] >= 0.95


def test_step_batch_and_epoch_counters():
    t = circle_trainer()
    for _ in range(9):
        t.step_batch()
    assert (t.epoch, t.steps) == (0, 9)
    t.step_batch()  # 100 training points / batch 10: the tenth batch ends the epoch
    assert (t.epoch, t.steps) == (1, 10)
    t.step_batch()
    assert t.run_epoch() and (t.epoch, t.steps) == (2, 20)  # finishes the epoch already started


def test_same_seed_same_trajectory_and_reshuffles():
    a, b, c = circle_trainer(seed=3), circle_trainer(seed=3), circle_trainer(seed=4)
    for t in (a, b, c):
        t.run(epochs=5)
    assert all(np.array_equal(p, q) for p, q in zip(a.model.params, b.model.params))
    assert not np.array_equal(a.model.params[0], c.model.params[0])
    orders = []
    for _ in range(2):
        a._start_epoch()
        orders.append(a._order[0].copy())
    assert not np.array_equal(*orders)


def test_full_batch_equals_one_gradient_step():
    t = circle_trainer(batch_size=None, lr=0.1)
    m = t.model
    before = m.get_params()
    m.forward(t.X_train)
    grads = m.backward(t.Y_train)
    t.run(epochs=1)
    for p0, g, p1 in zip(before, grads, m.params):
        np.testing.assert_allclose(p1, p0 - 0.1 * g, rtol=1e-12, atol=1e-15)


def test_learning_rate_and_regularization_change_without_reset():
    t = circle_trainer()
    t.run(epochs=3)
    params = t.model.get_params()
    t.optimizer.lr, t.l2 = 0.3, 0.01
    assert t.epoch == 3 and all(np.array_equal(p, q) for p, q in zip(params, t.model.params))
    t.run(epochs=2)
    assert t.epoch == 5


def test_history_is_bounded_on_a_million_epochs():
    h = History(capacity=100)
    for e in range(1_000_001):
        h.add((e, 1.0 / (e + 1), 0.0, 0.0, 0.0))
    assert len(h) <= 101
    epochs = h.column("epoch")
    assert epochs[0] == 0 and epochs[-1] == 1_000_000
    assert np.all(np.diff(epochs) > 0)


def test_trainer_history_bounded():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    model = Network([2, 1], activation="linear", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("sgd", 0.1), X, np.array([0, 1]), batch_size=2, history_size=50)
    t.run(epochs=3000)
    assert len(t.history) <= 51 and t.history.column("epoch")[-1] == 3000
    assert np.isnan(t.latest["test_loss"])  # no test set


def test_divergence_on_spiral_stops_with_finite_weights_and_report():
    # (bounded activations such as tanh saturate instead of overflowing; leaky ReLU overflows)
    X, y = make_dataset("spiral", n=300, noise=0.0, seed=0)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.5, seed=0)
    model = Network([2, 8, 8, 1], activation="leaky_relu", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("sgd", 0.03), Xtr, ytr, Xte, yte, batch_size=10)
    t.run(epochs=5)
    good, good_stats = model.get_params(), dict(t.latest)
    t.optimizer.lr = 100.0
    with np.errstate(all="raise"):  # the guard must keep numpy warnings from escaping
        done = t.run(epochs=200)
    assert done < 200
    assert t.divergence is not None and "learning rate 100" in divergence_message(t.divergence)
    assert t.model.all_finite()
    assert t.epoch == t.divergence.epoch - 1 == 5 + done
    assert t.latest["train_loss"] == good_stats["train_loss"] or done > 0
    if done == 0:
        assert all(np.array_equal(p, q) for p, q in zip(good, model.params))
    pred = t.model.predict(Xte)
    assert np.isfinite(pred).all()


def test_divergence_restores_optimizer_state_and_can_resume():
    X, y = make_dataset("spiral", n=200, noise=0.0, seed=0)
    model = Network([2, 8, 8, 1], activation="leaky_relu", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("momentum", 0.01), X, y, batch_size=10)
    t.run(epochs=2)
    velocity = t.optimizer.state()
    t.optimizer.lr = 100.0
    assert t.run(epochs=50) == 0 and t.divergence.epoch == 3
    assert all(np.array_equal(a, b) for a, b in zip(velocity, t.optimizer.state()))
    t.optimizer.lr = 0.01
    assert t.run(epochs=2) == 2 and t.divergence is None and t.epoch == 4


def test_clip_by_global_norm():
    g = [np.array([[3.0]]), np.array([[4.0]])]
    assert clip_by_global_norm(g, 1.0) == 5.0
    assert np.sqrt(g[0][0, 0] ** 2 + g[1][0, 0] ** 2) == pytest.approx(1.0, rel=1e-6)
    h = [np.array([[0.3]])]
    clip_by_global_norm(h, 1.0)
    assert h[0][0, 0] == 0.3


def test_regression_reports_r2():
    X, y = make_dataset("plane", n=200, noise=0.0, seed=0)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.5, seed=0)
    model = Network([2, 3, 1], activation="tanh", output="linear", seed=0)
    t = Trainer(model, make_optimizer("adam", 0.01), Xtr, ytr, Xte, yte, batch_size=10)
    assert t.task == "regression"
    t.run(epochs=100)
    assert t.latest["test_metric"] > 0.95
    assert r2_score(np.array([[1.0], [2.0]]), np.array([[1.0], [2.0]])) == 1.0


def test_multiclass_softmax_trains():
    X, y = make_dataset("blobs", n=300, noise=0.1, seed=0, n_classes=4)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.7, seed=0)
    model = Network([2, 8, 4], activation="relu", output="softmax", init="he", seed=0)
    t = Trainer(model, make_optimizer("adam", 0.02), Xtr, ytr, Xte, yte, batch_size=16)
    t.run(epochs=60)
    assert t.latest["test_metric"] > 0.9


def test_run_by_time_budget():
    t = circle_trainer()
    done = t.run(seconds=0.05)
    assert done >= 1 and t.epoch == done
    with pytest.raises(ValueError):
        t.run()


def test_run_by_time_budget_on_a_given_clock():
    """The budget is measured on the clock given (the app passes time.thread_time: CPU time of its thread)."""
    ticks = iter(range(100))
    t = circle_trainer()
    done = t.run(seconds=2.5, clock=lambda: float(next(ticks)))   # read at 0, then once per epoch: 1, 2, 3
    assert done == 3 and t.epoch == 3


def test_a_long_epoch_stops_inside_when_the_budget_runs_out_and_goes_on_next_time():
    """Batch size 1: 100 steps an epoch. The clock moves 1 a read: read at the start, then every CHECK_EVERY steps."""
    ticks = iter(range(1000))
    t = circle_trainer(batch_size=1)
    assert t.run(seconds=0.5, clock=lambda: float(next(ticks))) == 0
    assert (t.epoch, t.steps, t.divergence) == (0, CHECK_EVERY, None) and t.history.column("epoch")[-1] == 0
    assert t.run(epochs=1) == 1 and (t.epoch, t.steps) == (1, 100)     # the half-done epoch is finished
    assert t.run(epochs=2, seconds=1e9) == 2 and t.epoch == 3           # budget left: whole epochs, as before


def test_a_stop_request_ends_the_run_inside_an_epoch():
    t = circle_trainer(batch_size=1)                                      # 100 steps an epoch
    assert t.run(epochs=5, stop=lambda: True) == 0 and (t.epoch, t.steps) == (0, CHECK_EVERY)
    asked = []
    assert t.run(epochs=5, stop=lambda: asked.append(1) or len(asked) > 2) == 2   # asked at each epoch's end
    assert (t.epoch, t.steps, len(asked)) == (2, 200, 3)


def test_weights_that_blow_up_inside_an_epoch_roll_back_when_the_budget_stops_it():
    ticks = iter(range(1000))
    X, y = make_dataset("circle", n=300, noise=0.0, seed=1)
    model = Network([2, 8, 1], activation="linear", output="linear", seed=0)
    t = Trainer(model, make_optimizer("sgd", 1e30), X, y.astype(float), batch_size=1)
    start = model.get_params()
    with np.errstate(all="raise"):
        assert t.run(seconds=0.5, clock=lambda: float(next(ticks))) == 0
    assert t.divergence is not None and t.divergence.epoch == 1 and t.divergence.rolled_back_to == 0
    assert t.model.all_finite() and all(np.array_equal(a, b) for a, b in zip(start, model.params))
    assert t.epoch == 0


def test_params_changed_follows_a_hand_edit():
    t = circle_trainer()
    t.run(epochs=3)
    t.model.weights[2][0, 0] = 25.0
    t.params_changed()
    assert t.latest["train_loss"] == t.evaluate()["train_loss"]
    assert t.history.rows[-1] == tuple(t.latest[c] for c in History.COLUMNS) and len(t.history.rows) == 4
    assert t._checkpoint[0][4][0, 0] == 25.0                 # a later divergence rolls back to the edit
    assert t.snapshots[-1].params[4][0, 0] == 25.0 and t.snapshots[-1].epoch == 3


def test_step_on_takes_one_step_or_undoes_a_non_finite_one():
    t = circle_trainer(lr=0.5)
    before = t.model.get_params()
    X, Y = t.X_train[:5], t.Y_train[:5]
    ref = Network([2, 4, 2, 1], activation="tanh", output="sigmoid")
    ref.set_params(before)
    ref.forward(X, train=True)
    expected = [p - 0.5 * g for p, g in zip(before, ref.backward(Y))]
    assert t.step_on(X, Y) and t.steps == 1
    for a, b in zip(t.model.params, expected):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    kept = t.model.get_params()
    assert not t.step_on(np.full_like(X, np.nan), Y)         # NaN gradients would make every weight NaN
    assert t.steps == 1 and all(np.array_equal(a, b) for a, b in zip(kept, t.model.params))


def test_configure_changes_only_the_settings_given():
    t = circle_trainer(clip_norm=1.0)
    t.model.dropout = 0.2
    opt = t.optimizer
    t.configure(lr=0.1, l2=0.01)
    assert (t.optimizer is opt, opt.lr, t.l1, t.l2, t.batch_size, t.clip_norm, t.model.dropout) == \
        (True, 0.1, 0.0, 0.01, 10, 1.0, 0.2)
    t.configure(batch_size=7, l1=0.003, clip_norm=None, dropout=0.0)
    assert (opt.lr, t.l1, t.l2, t.batch_size, t.clip_norm, t.model.dropout) == (0.1, 0.003, 0.01, 7, None, 0.0)
    t.configure(batch_size=None)                              # None is the full batch
    assert t.batch_size == len(t.X_train)
    t.configure()
    assert (opt.lr, t.l1, t.l2, t.clip_norm) == (0.1, 0.003, 0.01, None)


@pytest.mark.parametrize("bad", [dict(lr=0.0), dict(lr=float("nan")), dict(batch_size=0), dict(l1=-1.0),
                                 dict(l2=float("nan")), dict(clip_norm=0.0), dict(dropout=1.0)])
def test_configure_refuses_bad_values(bad):
    with pytest.raises(ValueError):
        circle_trainer().configure(**bad)


def test_configure_switches_the_optimizer_keeping_the_weights_and_the_rollback_point():
    X, y = make_dataset("spiral", n=200, noise=0.0, seed=0)
    model = Network([2, 8, 8, 1], activation="leaky_relu", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("momentum", 0.01), X, y, batch_size=10)
    t.run(epochs=2)
    weights = model.get_params()
    fresh = make_optimizer("momentum", 0.01)
    t.configure(optimizer=fresh, lr=100.0)
    assert t.optimizer is fresh and fresh.lr == 100.0 and t.epoch == 2
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.params))
    live = t.snapshots[-1]
    assert live.optimizer_state is None and all(np.array_equal(a, b) for a, b in zip(weights, live.params))
    assert t.run(epochs=50) == 0 and t.divergence.epoch == 3 and t.divergence.rolled_back_to == 2
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.params))
    assert fresh.state() is None                     # rolled back to the switch, not to the old velocity


def test_divergence_report_holds_the_facts_and_the_message_words_them():
    X, y = make_dataset("spiral", n=200, noise=0.0, seed=0)
    model = Network([2, 8, 8, 1], activation="leaky_relu", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("sgd", 0.01), X, y, batch_size=10)
    t.run(epochs=2)
    loss = t.latest["train_loss"]
    t.configure(lr=100.0)
    t.run(epochs=50)
    d = t.divergence
    assert (d.epoch, d.quantity, d.lr, d.rolled_back_to, d.last_loss) == (3, "loss", 100.0, 2, loss)
    text = divergence_message(d)
    assert text.startswith("Training diverged in epoch 3: the loss became infinite or NaN (learning rate 100 ")
    assert "rolled back to epoch 2" in text and "10× smaller" in text
    assert "turn on Gradient clipping" in text                          # a control the app has
    assert "clipping" not in divergence_message(d, clipping=True)       # not advised when it is on already


def test_step_batch_reports_the_batch_and_its_loss_before_the_step():
    X, y = make_dataset("xor", n=40, noise=0.0, seed=1)
    model = Network([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("sgd", 0.1), X, y, batch_size=64)      # one batch: the whole set
    before = model.data_loss(t.X_train, t.Y_train)
    t.step_batch()
    assert t.last_batch == (40, pytest.approx(before, rel=1e-12))
    assert model.data_loss(t.X_train, t.Y_train) != before                      # the step was taken after it
