"""The dataset picker: a thumbnail of each dataset of the current problem, as TF Playground shows them; a click
picks it. A `st.components.v2` component (it runs in the page, not in an iframe); the Dataset select box
below it stays the keyboard-friendly way to choose."""
from functools import lru_cache

import streamlit as st

from nn_core.datasets import dataset_names
from playground.figures.points import data_thumbnail_uri
from playground.settings.config import Config
from playground.text.words import DATASET, PROBLEM

SIZE = 56       # px of a thumbnail
POINTS = 200    # points drawn in a thumbnail

CSS = """
.grid { display: flex; flex-wrap: wrap; gap: 6px; }
button { display: flex; flex-direction: column; align-items: center; gap: 2px; padding: 3px; cursor: pointer;
  background: transparent; border: 2px solid transparent; border-radius: 6px; color: var(--st-text-color);
  font: 11px var(--st-font); }
button:hover { border-color: var(--st-border-color, #ccc); }
button[aria-pressed="true"] { border-color: var(--st-primary-color); }
img { display: block; border-radius: 3px; }
"""

JS = """
export default function(component) {
  const { data, parentElement, setTriggerValue } = component;
  let grid = parentElement.querySelector('.grid');
  if (!grid) {
    grid = document.createElement('div');
    grid.className = 'grid';
    grid.setAttribute('role', 'group');
    grid.setAttribute('aria-label', 'Datasets');
    parentElement.appendChild(grid);
  }
  grid.replaceChildren(...data.items.map((item) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.title = item.label;
    b.dataset.name = item.name;
    b.setAttribute('aria-pressed', String(item.name === data.selected));
    const img = document.createElement('img');
    img.src = item.uri; img.width = data.size; img.height = data.size; img.alt = item.label;
    const span = document.createElement('span');
    span.textContent = item.label;
    b.append(img, span);
    b.onclick = () => setTriggerValue('picked', item.name);
    return b;
  }));
}
"""

_component = st.components.v2.component("dataset_picker", css=CSS, js=JS)


@lru_cache(maxsize=32)
def thumbnails(problem, n_classes, noise):
    """(name, label, data: URI) of each dataset of `problem`, drawn with the chosen noise (in %)."""
    out = []
    for name in dataset_names(problem):
        c = Config(dataset=name, problem=problem, classes=n_classes, points=POINTS, noise=noise, data_seed=0)
        X, y = c.make_data()
        out.append((name, DATASET[name], data_thumbnail_uri(X, y, problem, n_classes, SIZE)))
    return tuple(out)


def dataset_picker(problem, n_classes, noise, selected):
    """Draw the thumbnails; a click sets the Dataset widget (the configuration's `dataset`)."""
    def picked():
        name, problem = getattr(st.session_state.get("dataset_picker"), "picked", None), st.session_state["problem"]
        if problem in PROBLEM and name in dataset_names(problem):
            st.session_state["dataset"] = name

    items = [dict(name=n, label=label, uri=uri) for n, label, uri in thumbnails(problem, n_classes, noise)]
    _component(data=dict(items=items, selected=selected, size=SIZE), key="dataset_picker", on_picked_change=picked)
