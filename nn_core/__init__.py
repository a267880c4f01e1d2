"""nn_core: a from-scratch NumPy neural-network engine (no Streamlit, no Plotly)."""
from .network import Network
from .optimizers import make_optimizer
from .rewind import Divergence
from .training import Trainer
from .tutorial import NeuralNetwork

__all__ = ["NeuralNetwork", "Network", "Trainer", "Divergence", "make_optimizer"]
