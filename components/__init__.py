"""Streamlit pieces of the screen; each module has one `show(...)` that owns its widget keys."""
