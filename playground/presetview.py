"""A small picture of each preset's data, for the Presets page."""
from functools import lru_cache

from nn_core.datasets import make_dataset

from .config import Config
from .points import data_thumbnail_uri
from .presets import PRESETS

SIZE = 64   # px


@lru_cache(maxsize=len(PRESETS))
def thumbnail(name):
    """An SVG data: URI of preset `name`'s data (all its points, in their class colours)."""
    c, _ = Config.from_query(PRESETS[name].settings)
    X, y = make_dataset(c.dataset, n=c.points, noise=c.noise / 100, seed=c.data_seed,
                        n_classes=c.classes if c.problem == "multiclass" else None)
    return data_thumbnail_uri(X, y, c.problem, c.n_classes, SIZE)
