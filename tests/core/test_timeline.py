"""Timeline: bounded snapshots while training, rewinding to one as a new branch, and resuming from it."""
import numpy as np
import pytest

from nn_core import Network, Trainer, make_optimizer
from nn_core.datasets import make_dataset, train_test_split
from nn_core.timeline import Snapshot, Timeline, preview


def trainer(optimizer="adam", lr=0.01, dropout=0.0, batch_size=10, seed=0, **kw):
    X, y = make_dataset("circle", n=200, noise=0.1, seed=1)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.5, seed=1)
    model = Network([2, 5, 3, 1], activation="tanh", output="sigmoid", seed=seed, dropout=dropout)
    return Trainer(model, make_optimizer(optimizer, lr), Xtr, ytr, Xte, yte, batch_size=batch_size, seed=seed,
                   **kw)


def same(a, b):
    return len(a) == len(b) and all(np.array_equal(p, q) for p, q in zip(a, b))


def same_state(a, b):
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_state(x, y) for x, y in zip(a, b))
    return a == b


def test_snapshots_record_params_optimizer_state_and_row():
    t = trainer()
    assert [s.epoch for s in t.snapshots] == [0]
    t.run(epochs=7)
    params, state, stats = t.model.get_params(), t.optimizer.state(), dict(t.latest)
    t.run(epochs=3)
    snaps = t.snapshots
    assert [s.epoch for s in snaps] == list(range(11))
    s7 = snaps[7]
    assert same(s7.params, params) and same_state(s7.optimizer_state, state) and s7.optimizer == "Adam"
    assert s7.row == stats and s7.steps == 7 * 10 and s7.rng_state is not None
    t.model.params[0] += 1.0  # the snapshot is a copy
    assert same(s7.params, params)
    assert snaps[-1] is t.timeline[-1]


def test_rewind_restores_exactly_and_truncates_history_and_later_snapshots():
    t = trainer()
    t.run(epochs=10)
    params10, state10, stats10 = t.model.get_params(), t.optimizer.state(), dict(t.latest)
    t.run(epochs=20)
    assert t.epoch == 30 and len(t.history) == 31 and t.grad_norms.epochs()[-1] == 30
    snap = t.rewind(epoch=10)
    assert snap.epoch == 10 and t.epoch == 10 and t.steps == 100
    assert same(t.model.params, params10) and same_state(t.optimizer.state(), state10)
    assert t.latest == stats10
    assert t.history.column("epoch").tolist() == list(range(11))
    assert t.history.column("train_loss")[-1] == stats10["train_loss"]
    assert t.grad_norms.epochs().tolist() == list(range(1, 11))
    assert [s.epoch for s in t.snapshots] == list(range(11)) and t.timeline.epochs()[-1] == 10
    # by index too: the third snapshot from the end is epoch 8
    assert t.rewind(-3).epoch == 8 and t.epoch == 8 and len(t.snapshots) == 9


def test_resuming_replays_the_branch_exactly_with_unchanged_settings():
    t = trainer(optimizer="adam", dropout=0.2)  # the shuffle and the dropout masks are replayed too
    t.run(epochs=12)
    reference = trainer(optimizer="adam", dropout=0.2)
    reference.run(epochs=30)
    t.run(epochs=18)
    assert same(t.model.params, reference.model.params)
    t.rewind(epoch=12)
    assert t.run(epochs=18) == 18 and t.epoch == 30 and t.steps == reference.steps
    assert same(t.model.params, reference.model.params)
    assert t.history.column("train_loss").tolist() == reference.history.column("train_loss").tolist()


def test_resuming_trains_from_the_snapshot_weights_as_a_new_branch():
    t = trainer(optimizer="sgd", lr=0.1, batch_size=None)  # full batch: one known step per epoch
    t.run(epochs=20)
    t.rewind(epoch=5)
    start = t.model.get_params()
    t.model.forward(t.X_train)
    grads = t.model.backward(t.Y_train)
    t.optimizer.lr = 0.5  # a new setting: the branch differs from the discarded one
    t.run(epochs=1)
    assert t.epoch == 6 and t.history.column("epoch").tolist() == list(range(7))
    for p0, g, p1 in zip(start, grads, t.model.params):
        np.testing.assert_allclose(p1, p0 - 0.5 * g, rtol=1e-12, atol=1e-15)
    t.run(epochs=4)
    assert t.epoch == 10 and [s.epoch for s in t.snapshots] == list(range(11))


def test_momentum_state_is_restored():
    t = trainer(optimizer="momentum", lr=0.01)
    t.run(epochs=3)
    velocity = t.optimizer.state()
    t.run(epochs=3)
    t.rewind(epoch=3)
    assert same(t.optimizer.state(), velocity)
    t.optimizer.buffers[0] += 1.0  # the live buffers are copies: the snapshot stays as saved
    assert same(t.snapshots[3].optimizer_state, velocity)


def test_rewind_to_the_live_entry_discards_a_half_done_epoch():
    t = trainer(optimizer="sgd", lr=0.1)
    t.run(epochs=3)
    params3, steps3 = t.model.get_params(), t.steps
    for _ in range(4):
        t.step_batch()
    assert t.epoch == 3 and not same(t.model.params, params3)
    snaps = t.snapshots
    assert snaps[-1].epoch == 3
    t.rewind(-1)
    assert t.epoch == 3 and t.steps == steps3 and t._pos == 0 and t._order is None
    assert same(t.model.params, params3)
    assert t.run(epochs=2) == 2 and t.epoch == 5


def test_live_entry_between_strided_snapshots():
    t = trainer(timeline_every=5)
    t.run(epochs=13)
    assert [s.epoch for s in t.snapshots] == [0, 5, 10, 13]
    assert t.snapshots[-1].rng_state is None and t.snapshots[-1].params is t._checkpoint[0]
    params13 = t.model.get_params()
    t.run(epochs=2)
    with pytest.raises(ValueError, match="no snapshot at epoch 13"):
        t.rewind(epoch=13)
    t.rewind(epoch=10)
    t.run(epochs=3)
    assert same(t.model.params, params13)  # the snapshot at 10 restored the RNGs: the same epochs again
    assert [s.epoch for s in t.snapshots] == [0, 5, 10, 13]
    with pytest.raises(ValueError):
        t.rewind()


def test_rewind_after_an_optimizer_switch_starts_the_new_optimizer_fresh():
    t = trainer(optimizer="momentum", lr=0.01)
    t.run(epochs=4)
    t.configure(optimizer=make_optimizer("adam", 0.01))  # what the playground does when the optimizer changes
    t.run(epochs=2)
    t.rewind(epoch=2)
    assert t.optimizer.state() is None and t.epoch == 2
    assert t.run(epochs=2) == 2 and t.optimizer.t == 2 * 10


def test_rewind_after_divergence():
    X, y = make_dataset("spiral", n=200, noise=0.0, seed=0)
    model = Network([2, 8, 8, 1], activation="leaky_relu", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("sgd", 0.01), X, y, batch_size=10)
    t.run(epochs=4)
    t.optimizer.lr = 100.0
    t.run(epochs=50)
    assert t.divergence is not None
    t.optimizer.lr = 0.01
    t.rewind(epoch=2)
    assert t.divergence is None and t.epoch == 2 and t.run(epochs=3) == 3


def test_preview_loads_a_snapshot_temporarily():
    t = trainer()
    t.run(epochs=5)
    now = t.model.get_params()
    snap = t.snapshots[2]
    with preview(t.model, snap) as m:
        assert same(m.params, snap.params)
        out = m.predict(t.X_test)
    assert same(t.model.params, now) and t.epoch == 5
    assert out.shape == (len(t.X_test), 1)


def fake(epoch, nbytes=80):
    return Snapshot(epoch=epoch, params=[np.zeros(nbytes // 8)], optimizer_state=None, optimizer="SGD", row={},
                    steps=epoch)


def test_timeline_thins_by_stride_doubling():
    tl = Timeline(capacity=10)
    for e in range(1001):
        if tl.wants(e):
            tl.add(fake(e))
    epochs = tl.epochs()
    assert 5 <= len(tl) <= 10 and tl.stride == 128
    assert epochs[0] == 0 and np.all(epochs % tl.stride == 0) and np.all(np.diff(epochs) > 0)
    tl.truncate(300)
    assert tl.epochs().tolist() == [0, 128, 256]
    assert not tl.add(fake(300)) and tl.add(fake(384)) and tl.epochs()[-1] == 384


def test_timeline_byte_bound():
    tl = Timeline(capacity=1000, max_bytes=10 * 800)
    for e in range(500):
        tl.add(fake(e, nbytes=800))
    assert tl.nbytes <= tl.max_bytes and len(tl) <= 10 and tl.nbytes == sum(s.nbytes for s in tl)


def test_timeline_stays_bounded_on_a_long_run():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    model = Network([2, 1], activation="linear", output="sigmoid", seed=0)
    t = Trainer(model, make_optimizer("adam", 0.01), X, np.array([0, 1]), batch_size=2, timeline_size=50)
    t.run(epochs=20_000)
    snaps = t.snapshots
    epochs = [s.epoch for s in snaps]
    assert len(t.timeline) <= 50 and len(snaps) <= 51
    assert epochs[0] == 0 and epochs[-1] == 20_000 and np.all(np.diff(epochs) > 0)
    assert t.timeline.nbytes <= 50 * snaps[-1].nbytes
    assert len(t.grad_norms) <= 1001 and len(t.history) <= 1001
    t.rewind(len(snaps) // 2)
    assert t.epoch == epochs[len(snaps) // 2] and t.history.column("epoch")[-1] == t.epoch
