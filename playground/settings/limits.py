"""Server-side caps on what one session can ask for: the one place for them.

Every size a session can ask for comes from a setting (a widget, or the URL: both are checked against these caps
in `config`), or grows while it trains (history, timeline: thinned to stay within their caps). The README's
"Limits" section lists them with the reason for each; tests/playground/test_limits.py checks that each one holds.
"""
# ---- the network and the data (settings: config.py's widgets and URL) ----------------------------------------
MAX_LAYERS = 8
"""Hidden layers."""
MAX_NEURONS = 32
"""Neurons in one hidden layer: the largest network is 7 features → 8 × 32 → 6 outputs (7,846 parameters)."""
MIN_POINTS, MAX_POINTS = 50, 2000
"""Points made (training + test)."""
MAX_CLASSES = 6
"""Classes of a multi-class dataset."""
MAX_SEED = 2**31 - 1
"""Data and network seeds (NumPy accepts any; the URL and the number box stay readable)."""
MAX_STOP_AT = 10_000_000
"""'Stop at epoch'."""

# ---- what grows while training (nn_core's bounds, set by the playground) ----------------------------------------
HISTORY_ROWS = 1000
"""Rows of the loss history and of the gradient norms: thinned by stride doubling (nn_core.history), so the loss
chart never has more than this many points (+ the latest epoch)."""
TIMELINE_SNAPSHOTS = 200
"""Snapshots kept for the timeline slider (nn_core.timeline), thinned the same way."""
TIMELINE_BYTES = 16 * 2**20
"""Bytes of arrays (weights and optimizer state) in those snapshots: the largest network with Adam keeps 45–90."""

# ---- drawing -----------------------------------------------------------------------------------------------------
GRID_N, GRID_N_LARGE, LARGE_UNITS = 80, 48, 64
"""Grid points per side of the neuron maps; a network of more than LARGE_UNITS hidden units gets the coarser grid
(the forward pass over the grid is most of a large network's redraw)."""

# ---- the URL -----------------------------------------------------------------------------------------------------
MAX_URL_VALUE = 100
"""Characters of one URL value (the longest a setting needs is the seven input features, 33 characters)."""
MAX_URL_WARNINGS = 8
"""Warnings shown for one link; more bad parameters are counted in one last warning."""

# ---- uploads and comparisons -------------------------------------------------------------------------------------
MAX_UPLOAD_MB = 1
"""An uploaded dataset file (CSV of x1, x2, label), in MB; .streamlit/config.toml's server.maxUploadSize says the
same to Streamlit, which refuses a larger file before the app sees it."""
MAX_UPLOAD_POINTS = MAX_POINTS
"""Rows of an uploaded dataset (playground/state/owndata.py), and points in your own data with those drawn."""
MAX_COMPARE_SIDES = 2
"""Setups trained side by side on the Compare page (playground/state/compare.py): each is a whole playground."""

# ---- the server (.streamlit/config.toml) -------------------------------------------------------------------------
DISCONNECTED_SESSION_TTL = 30
"""Seconds a closed tab's session is kept for its browser to reconnect (server.disconnectedSessionTTL); see
playground/server/lifetime.py."""
MAX_MESSAGE_MB = 16
"""Largest websocket message either way (server.maxMessageSize; Streamlit's default is 200 MB): the largest the app
sends is a batch of seven live frames of the largest network, 1.3 MB."""
