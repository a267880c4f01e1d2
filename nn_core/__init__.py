"""nn_core: a from-scratch NumPy neural-network engine, math and data only (pyproject.toml's import contracts)."""
from .network import Network
from .optimizers import make_optimizer
from .rewind import Divergence
from .training import Trainer
from .tutorial import NeuralNetwork

__all__ = ["NeuralNetwork", "Network", "Trainer", "Divergence", "make_optimizer"]
