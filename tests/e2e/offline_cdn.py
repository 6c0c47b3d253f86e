"""Serve the CDN files the map needs from local npm installs: this machine has no internet.

Leaflet and jQuery are real (installed by `make test` under .cache/npm); the rest of folium's
CDN files (Bootstrap, Font Awesome, awesome-markers) are cosmetic and answered with empty bodies.
Map tiles get an empty 204: the app draws its own country outlines.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NPM = ROOT / ".cache" / "npm" / "node_modules"
LOCAL = {
    "leaflet.js": NPM / "leaflet" / "dist" / "leaflet.js",
    "leaflet.css": NPM / "leaflet" / "dist" / "leaflet.css",
    "jquery-3.7.1.min.js": NPM / "jquery" / "dist" / "jquery.min.js",
}
CDN_HOSTS = ["cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "netdna.bootstrapcdn.com",
             "maxcdn.bootstrapcdn.com", "unpkg.com", "d3js.org"]
TILE_HOSTS = ["basemaps.cartocdn.com", "tile.openstreetmap.org", "server.arcgisonline.com"]


def missing() -> list[Path]:
    return [p for p in LOCAL.values() if not p.exists()]


def _fulfil(route) -> None:
    url = route.request.url
    name = url.split("?")[0].rsplit("/", 1)[-1]
    path = LOCAL.get(name)
    kind = "text/css" if url.split("?")[0].endswith(".css") else "application/javascript"
    if path is not None:
        route.fulfill(status=200, content_type=kind, body=path.read_bytes())
    else:
        route.fulfill(status=200, content_type=kind, body="")


def install(context) -> None:
    """Route every CDN and tile request of a Playwright browser context to local answers."""
    for host in CDN_HOSTS:
        context.route(f"https://{host}/**", _fulfil)
    for host in TILE_HOSTS:
        context.route(f"https://**.{host}/**", lambda route: route.fulfill(status=204, body=""))
