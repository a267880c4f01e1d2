"""`NeuralNetwork`: the tutorial's public API ("Building a Neural Network from Scratch in Python"),
backed by the correct core. Defaults are the tutorial's (sigmoid hidden and output layers, plain
gradient descent on the full batch); keywords choose the rest."""
import numpy as np

from .losses import HEADS, predict_labels
from .network import Network
from .optimizers import make_optimizer


class NeuralNetwork(Network):
    def __init__(self, layers, learning_rate=0.01, activation="sigmoid", output="sigmoid", l1=0.0, l2=0.0,
                 optimizer="sgd", seed=None, init="xavier", dropout=0.0):
        if seed is None:  # keeps the tutorial's np.random.seed(42) meaningful
            seed = int(np.random.randint(0, 2**31 - 1))
        super().__init__(layers, activation=activation, output=output, init=init, seed=seed, dropout=dropout)
        self.layers = list(layers)
        self.l1, self.l2 = float(l1), float(l2)
        self.optimizer = make_optimizer(optimizer, learning_rate)
        self.costs = []

    @property
    def learning_rate(self):
        return self.optimizer.lr

    @learning_rate.setter
    def learning_rate(self, value):
        self.optimizer.lr = float(value)

    def forward(self, X, train=False):
        return super().forward(np.asarray(X, dtype=float), train)

    def backward(self, X, y, output=None):
        """(dW, db): the exact gradient of `compute_cost` at the last forward pass on X."""
        if not self.activations or self.activations[0] is not X or output is not self.activations[-1]:
            self.forward(X)
        grads = super().backward(self.targets(y), self.l1, self.l2)
        return grads[0::2], grads[1::2]

    def update_parameters(self, dW, db):
        grads = [g for pair in zip(dW, db) for g in pair]
        self.optimizer.step(self.params, grads)

    def compute_cost(self, y_true, y_pred):
        """Loss (+ L1/L2 penalty) of predictions `y_pred`. When `y_pred` is the last forward output,
        the loss is computed from the stored logits, so it is exact and finite."""
        Y = self.targets(y_true)
        if self.activations and y_pred is self.activations[-1]:
            z = self.z_values[-1]
        else:
            z = _logits(self.output, np.asarray(y_pred, dtype=float))
        return float(HEADS[self.output].loss(z, Y)) + self.penalty(Y.shape[0], self.l1, self.l2)

    def train(self, X, y, epochs=1000, print_cost=True):
        X = np.asarray(X, dtype=float)
        for epoch in range(epochs):
            output = self.forward(X)
            cost = self.compute_cost(y, output)
            self.costs.append(cost)
            self.update_parameters(*self.backward(X, y, output))
            if print_cost and epoch % 100 == 0:
                print(f"Cost after epoch {epoch}: {cost:.6f}")

    def predict(self, X):
        return self.forward(X)

    def predict_classes(self, X, threshold=0.5):
        labels = predict_labels(self.output, self.predict(X), threshold)
        return labels if self.output == "softmax" else labels[:, None]


def _logits(head, a):
    """Invert an output activation (for costs of predictions given as probabilities)."""
    tiny = np.finfo(float).tiny
    if head == "sigmoid":
        a = np.clip(a, tiny, 1 - np.finfo(float).epsneg)
        return np.log(a) - np.log1p(-a)
    if head == "softmax":
        return np.log(np.maximum(a, tiny))
    if head == "tanh":
        return np.arctanh(np.clip(a, -1 + np.finfo(float).epsneg, 1 - np.finfo(float).epsneg))
    return a
