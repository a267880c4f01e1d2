"""The address bar: its query parameters read, and written back only when they differ (a copied link reproduces
the setup). The Playground's is one `Config`; the Compare page's is its sides' (`settings.compare`)."""
import streamlit as st

from playground.settings.config import Config


def query():
    """The URL's query parameters, {name: [values]}."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def as_lists(params):
    """{name: value or [values]} as {name: [values]}."""
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def read_query():
    """The URL's query parameters, {name: value, or [values] when it is there more than once}."""
    return {k: v if len(v) > 1 else v[0] for k, v in query().items()}


def write_query(params):
    """Write `params` {name: value or [values]} into the URL when it differs from what is there."""
    if query() != as_lists(params):
        st.query_params.from_dict(params)


def read_url():
    """The configuration the URL asks for, and a warning for each parameter that was ignored."""
    return Config.from_query(read_query())


def write_url(config):
    """Write the configuration into the URL when it differs, so a copied link reproduces the setup."""
    write_query(config.to_query())
