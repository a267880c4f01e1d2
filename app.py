"""Entry point (`streamlit run app.py`): page setup and navigation. A page's unexpected error is logged with an
error id and shown as that id only where error details are off (`playground.server.errors`)."""
import streamlit as st

from playground.server.errors import guard
from playground.server.start import set_up_server
from playground.ui.page import page_icon
from playground.ui.session import new_run

set_up_server()   # once per server process: closed tabs are freed, BLAS stays on each session's thread
new_run()         # once per full run: the sidebar widgets the last run drew (a page without the sidebar drew none)

presenting = st.query_params.get("presenter", "").lower() in ("1", "true")   # a projector link: sidebar folded
st.set_page_config(page_title="Neural-network playground", page_icon=page_icon(), layout="wide",
                   initial_sidebar_state="collapsed" if presenting else "auto")
page = st.navigation([
    st.Page("app_pages/playground.py", title="Playground", icon=":material/hub:", default=True),
    st.Page("app_pages/inside_step.py", title="Inside one step", icon=":material/biotech:"),
    st.Page("app_pages/presets.py", title="Presets", icon=":material/school:", url_path="presets"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
])
guard(page.run)()
