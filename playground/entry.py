"""Every page starts here: deep links work on a freshly started server.

Streamlit 1.67 still knows the old multipage apps made of a `pages/` folder: until some run has called
`st.navigation`, a server whose script has a `pages/` folder beside it runs the first visitor's page script on its
own (wide layout, navigation and titles lost, every later visitor too), as happens when that visitor opens a deep
link such as a preset's. A page that finds itself run that way turns the old mode off and runs again, through
app.py's navigation this time.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_navigation():
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
