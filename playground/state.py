"""The session's one `Playground`, shared by every page."""
import streamlit as st

from .config import parse_params
from .session import Playground


def current_playground(from_url=False):
    """This session's playground; on the first visit it is built from the URL (when `from_url`), and
    every bad parameter is dropped from the URL with a warning naming it."""
    if "pg" not in st.session_state:
        good, warnings = {}, []
        if from_url:
            raw = {k: st.query_params.get_all(k) for k in st.query_params}
            good, warnings = parse_params({k: v if len(v) > 1 else v[0] for k, v in raw.items()})
            for k in raw:
                if k not in good:
                    del st.query_params[k]
        st.session_state.url_warnings = warnings
        st.session_state.pg = Playground(good)
    return st.session_state.pg
