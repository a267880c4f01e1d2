"""Page styles: a compact top, so the Play row, the read-outs and the charts fit a 1366 × 768 screen; and presenter
mode for a projector (large type, big buttons, high contrast; the live view reads `--nn-presenter`)."""
import streamlit as st

COMPACT = """<style>
.stMainBlockContainer { padding-top: 3.6rem; padding-bottom: 2rem; }
.stMainBlockContainer h1 { font-size: 1.6rem; padding: 0 0 0.25rem 0; }
</style>"""

PRESENTER = """<style>
:root { --nn-presenter: 1; }
.stMainBlockContainer { padding-top: 3.6rem; max-width: 100%; }
.stMainBlockContainer h1 { display: none; }
.stMainBlockContainer, .stMainBlockContainer p, .stMainBlockContainer label { font-size: 1.25rem; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; font-weight: 600; color: #000; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.8rem !important; font-weight: 700;
  color: #000; }
.stButton button { min-height: 3.4rem; font-size: 1.4rem; font-weight: 700; }
.stButton button p { font-size: 1.4rem; }
@media (prefers-color-scheme: dark) {
  [data-testid="stMetricLabel"] p, [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { color: inherit; }
}
</style>"""


def page_style(presenter):
    st.html(PRESENTER if presenter else COMPACT)
