"""Entry point: `streamlit run app.py`."""
import streamlit as st

st.set_page_config(page_title="Neural-network playground", layout="wide")
st.title("Neural-network playground")
st.write("The playground page is on its way; the NumPy core (`nn_core`) is ready to use from Python.")
