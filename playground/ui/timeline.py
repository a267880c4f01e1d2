"""The timeline: a slider over the kept snapshots; scrubbing it while paused previews a past epoch."""
import streamlit as st

from playground.ui.session import show

TIMELINE_HELP = ("Snapshots kept while training. While paused, drag to see an earlier epoch; Play or Step goes on "
                 "from there as a new branch.")


def timeline(pg, view):
    """A slider over the kept snapshots: scrubbing previews a past epoch. Always drawn (disabled while playing
    or with one snapshot) so the page below it never moves."""
    epochs = pg.snapshot_epochs()
    if pg.playing or len(epochs) < 2:   # a still slider at the latest epoch (under its own key: no stale value)
        view.epoch = None
        shown = epochs[-2:] if len(epochs) > 1 else [epochs[0], epochs[0] + 1]
        st.select_slider("Timeline", shown, value=epochs[-1], key="timeline_idle", disabled=True, help=TIMELINE_HELP,
                         format_func=lambda e: f"epoch {e:,}")
        return

    def scrub():
        epoch = st.session_state["timeline"]
        view.epoch = None if epoch == pg.snapshot_epochs()[-1] else epoch

    show("timeline", view.epoch if view.epoch in epochs else epochs[-1])
    st.select_slider("Timeline", epochs, key="timeline", format_func=lambda e: f"epoch {e:,}", on_change=scrub,
                     help=TIMELINE_HELP)
    if view.epoch is not None:
        later = epochs[-1] - view.epoch
        st.info(f"Showing epoch {view.epoch:,}. Play or Step continues from here as a new branch and drops "
                f"the {later:,} epochs after it; drag the slider to the end to return to epoch {epochs[-1]:,}.",
                icon=":material/history:")
