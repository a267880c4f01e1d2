"""The Presets page: ready scenarios for a lecture, each a link to its own URL (`?preset=NAME`). Layout only."""
import streamlit as st

from playground.figures.points import PRESET_PX, preset_thumbnail
from playground.settings.presets import PRESETS

st.title("Presets")
st.caption("Ready scenarios for a lecture. Each title is a link to its own stable address (the Playground's address "
           "with `?preset=` and the name): copy it onto a slide. Once loaded a preset is an ordinary setup: change "
           "anything, and the address follows your changes.")
cols = st.columns(3, gap="medium")
for i, preset in enumerate(PRESETS.values()):
    with cols[i % 3].container(border=True):
        st.page_link("app_pages/playground.py", label=f"**{preset.title}**", icon=":material/play_circle:",
                     query_params={"preset": preset.name}, help=f"Open this preset (its address ends in "
                     f"?preset={preset.name})")
        left, right = st.columns([1, 4])
        left.image(preset_thumbnail(preset.name), width=PRESET_PX)
        right.markdown(preset.watch)
        st.caption(f"`?preset={preset.name}` · its story takes {preset.epochs:,} epochs")
