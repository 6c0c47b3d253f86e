"""Frontline: who held what in Syria and Iraq, day by day — the pure core (no Streamlit here)."""

__version__ = "0.1.0"
