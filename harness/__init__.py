"""What the tests (tests/) and the benchmarks (bench/) share: the app served on a free port (`server`), Streamlit's
protocol spoken without a browser (`protocol`), headless Chromium's settings (`browser`), and readers of what the app
sends, written apart from the code that writes it (`live_data`, `plotly_json`). Never imported by the app."""
