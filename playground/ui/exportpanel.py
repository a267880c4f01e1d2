"""The Export and import panel: downloads of the model, the loss history, the boundary and a standalone script;
a model file loaded back. Streamlit widgets only; what they hand out is made in downloads.py."""
import streamlit as st

from playground.figures.downloads import MAX_MODEL_BYTES, boundary_png, history_csv, imported, model_file, script_file
from playground.ui.sidebar import seed_widgets

DOWNLOADS = (
    ("Model (.npz)", model_file, "network.npz", "application/octet-stream",
     "The weights and the setup as NumPy arrays and JSON (no pickle): load it here again, or in Python with "
     "nn_core.io.load."),
    ("Loss history (.csv)", history_csv, "loss_history.csv", "text/csv",
     "Epoch, training and test loss and accuracy (R² for regression), one row per kept epoch."),
    ("Boundary (.png)", boundary_png, "boundary.png", "image/png",
     "The model's output over the plane, coloured as on screen, with the training points."),
    ("Python script (.py)", script_file, "network.py", "text/x-python",
     "A script that needs only NumPy, with the weights in it: run `python network.py 1.5 -2` to print the "
     "prediction at (1.5, -2), or read it to see the whole network."),
)


def export_import(pg, view):
    with st.expander("Export and import", icon=":material/download:"):
        cols = st.columns(len(DOWNLOADS))
        for col, (label, make, name, mime, tip) in zip(cols, DOWNLOADS):
            col.download_button(label, data=lambda make=make: make(pg), file_name=name, mime=mime, on_click="ignore",
                                help=tip + (" Pause first." if pg.playing else ""), disabled=pg.playing,
                                width="stretch", key=f"download_{name}")

        def load():
            f = st.session_state.get("model_upload")
            if f is None:
                return
            try:
                config, params = imported(f.getvalue(), pg.config)
            except ValueError as err:
                view.say(f"The model file was not loaded, and nothing was changed: {err}.", "warning")
                return
            view.say(pg.apply(config))
            pg.load_params(params)
            seed_widgets(pg.config, set())   # the sidebar shows the loaded setup
            view.say(f"Loaded {f.name}: a {' → '.join(map(str, pg.model.sizes))} network; Play trains it on.")

        st.file_uploader("Load a model saved here (.npz)", type=["npz"], key="model_upload", on_change=load,
                         max_upload_size=MAX_MODEL_BYTES // 2**20,
                         help=f"A model file downloaded from this app (at most {MAX_MODEL_BYTES // 2**20} MB). Its "
                              "setup and weights replace the current ones; your data stays.")
