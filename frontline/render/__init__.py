"""Drawing frames: folium layers for the app, matplotlib figures for static exports."""
