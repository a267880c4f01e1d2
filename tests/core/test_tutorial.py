"""The tutorial's public API and its two examples, run unchanged against nn_core."""
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

from nn_core import NeuralNetwork
from nn_core.gradcheck import numerical_gradients, relative_error


def test_example_1_make_classification(capsys):
    np.random.seed(42)
    X, y = make_classification(n_samples=1000, n_features=2, n_redundant=0,
                               n_informative=2, random_state=42, n_clusters_per_class=1)
    y = y.reshape(-1, 1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    nn = NeuralNetwork(layers=[2, 4, 3, 1], learning_rate=0.1)
    nn.train(X_train, y_train, epochs=2000)
    train_accuracy = np.mean(nn.predict_classes(X_train) == y_train) * 100
    test_accuracy = np.mean(nn.predict_classes(X_test) == y_test) * 100
    assert test_accuracy >= 91.0 and train_accuracy >= 90.0
    assert len(nn.costs) == 2000 and nn.costs[-1] < nn.costs[0]
    out = capsys.readouterr().out
    assert out.startswith("Cost after epoch 0:") and out.count("\n") == 20


def test_example_1_repeatable_with_global_seed():
    costs = []
    for _ in range(2):
        np.random.seed(42)
        nn = NeuralNetwork(layers=[2, 4, 3, 1], learning_rate=0.1)
        nn.train(np.eye(2), np.array([[0], [1]]), epochs=5, print_cost=False)
        costs.append(nn.costs)
    assert costs[0] == costs[1]


def test_example_2_xor_solved_for_nine_of_ten_seeds():
    X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y_xor = np.array([[0], [1], [1], [0]])
    solved = 0
    for seed in range(10):
        np.random.seed(seed)
        nn_xor = NeuralNetwork(layers=[2, 4, 1], learning_rate=1.0)
        nn_xor.train(X_xor, y_xor, epochs=5000, print_cost=False)
        solved += bool(np.all((nn_xor.predict(X_xor) > 0.5).astype(int) == y_xor))
    assert solved >= 9


def test_public_attributes_and_shapes():
    nn = NeuralNetwork([3, 5, 2], learning_rate=0.5, seed=0)
    assert [w.shape for w in nn.weights] == [(3, 5), (5, 2)]
    assert [b.shape for b in nn.biases] == [(1, 5), (1, 2)]
    out = nn.forward(np.ones((4, 3)))
    assert out.shape == (4, 2) and len(nn.z_values) == 2 and len(nn.activations) == 3
    assert nn.learning_rate == 0.5 and nn.costs == []


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "swish", "sine"])
@pytest.mark.parametrize("output,l1,l2", [("sigmoid", 0, 0), ("sigmoid", 0.1, 0.3), ("softmax", 0, 0.2),
                                          ("linear", 0.2, 0), ("tanh", 0, 0)])
def test_backward_is_the_gradient_of_compute_cost(activation, output, l1, l2):
    rng = np.random.default_rng(0)
    nn = NeuralNetwork([2, 5, 4, 3], activation=activation, output=output, l1=l1, l2=l2, seed=1)
    X = rng.normal(size=(6, 2))
    y = rng.integers(0, 3, 6) if output == "softmax" else rng.integers(0, 2, (6, 3)).astype(float)
    dW, db = nn.backward(X, y, nn.forward(X))
    numeric = numerical_gradients(nn, X, nn.targets(y), l1, l2)
    for got, want in zip([g for pair in zip(dW, db) for g in pair], numeric):
        assert relative_error(got, want) < 1e-7
    # compute_cost(y, forward(X)) is the same objective
    assert nn.compute_cost(y, nn.forward(X)) == pytest.approx(nn.cost(X, nn.targets(y), l1, l2), rel=1e-12)


def test_compute_cost_finite_for_confident_wrong_predictions():
    nn = NeuralNetwork([1, 1], seed=0)
    nn.weights[0][...] = 1000.0
    out = nn.forward(np.array([[1.0]]))
    assert out[0, 0] == 1.0
    assert nn.compute_cost(np.array([[0]]), out) == pytest.approx(1000.0)
    assert np.isfinite(nn.compute_cost(np.array([[0]]), np.array([[1.0]])))


def test_update_parameters_is_plain_gradient_descent_by_default():
    nn = NeuralNetwork([2, 3, 1], learning_rate=0.25, seed=0)
    before = [w.copy() for w in nn.weights]
    X, y = np.ones((2, 2)), np.array([[1], [0]])
    dW, db = nn.backward(X, y, nn.forward(X))
    nn.update_parameters(dW, db)
    for w0, g, w1 in zip(before, dW, nn.weights):
        np.testing.assert_allclose(w1, w0 - 0.25 * g)


def test_softmax_with_integer_or_one_hot_labels_and_other_optimizers():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    a = NeuralNetwork([2, 8, 3], learning_rate=0.05, activation="relu", output="softmax", optimizer="adam", seed=0)
    b = NeuralNetwork([2, 8, 3], learning_rate=0.05, activation="relu", output="softmax", optimizer="adam", seed=0)
    a.train(X, y, epochs=300, print_cost=False)
    b.train(X, np.eye(3)[y], epochs=300, print_cost=False)
    assert a.costs == b.costs
    assert np.mean(a.predict_classes(X) == y) > 0.9
