"""Leaflet from our own files, never from a CDN: the machines the app runs on have no internet.

Leaflet 1.9.3 is vendored under static/vendor/leaflet/ (see static/vendor/README.md). The running app serves
it at /app/static/… (`server.enableStaticServing` in .streamlit/config.toml); a standalone HTML file carries it
inline. folium's Map would otherwise ask CDNs for Leaflet, jQuery, Bootstrap and Font Awesome, and streamlit-folium
loads whatever `default_js` / `default_css` the elements of the map declare.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import branca.colormap
import folium
from folium.elements import JSCSSMixin

from frontline.io.bundled import bundled_bytes, bundled_text
from frontline.paths import ROOT

LEAFLET_VERSION = "1.9.3"
VENDOR = ROOT / "static" / "vendor"
LEAFLET_DIR = VENDOR / "leaflet"
LEAFLET_JS = LEAFLET_DIR / "leaflet.js"
LEAFLET_CSS = LEAFLET_DIR / "leaflet.css"
LEAFLET_IMAGES = LEAFLET_DIR / "images"
LEAFLET_LICENSE = LEAFLET_DIR / "LICENSE"

STATIC_URL = "/app/static"  # where Streamlit serves ROOT/static
LEAFLET_JS_URL = f"{STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL = f"{STATIC_URL}/vendor/leaflet/leaflet.css"

_PROVIDED = ("leaflet.js", "leaflet.css")  # what a vendored Leaflet replaces, whatever the host


class ServedMap(folium.Map):
    """A folium Map whose page loads only the app-served Leaflet; see `use_served_assets`.

    Elements added later (streamlit-folium adds the feature groups to the map just before it collects the
    links) are checked and stripped of their links too, and so is the whole tree before each render.
    """

    def add_child(self, child, name=None, index=None):
        _strip_links(child)
        return super().add_child(child, name=name, index=index)

    def render(self, **kwargs):
        _refuse_keep_in_front(self)
        for child in self._children.values():
            _strip_links(child)
        return super().render(**kwargs)


def use_served_assets(fmap: folium.Map) -> folium.Map:
    """Make this map (and every element in it, now or later) load the app-served Leaflet JS/CSS and nothing else.

    Instance attributes replace folium's CDN lists: the map declares `LEAFLET_JS_URL` / `LEAFLET_CSS_URL`, every
    other element declares none. An element that needs a library we do not ship (a plugin's JavaScript, jQuery
    for folium's `Popup`, d3 for a colormap) raises ValueError rather than leaving a map that breaks offline.
    """
    if not isinstance(fmap, folium.Map):
        raise TypeError(f"expected a folium.Map, got {type(fmap).__name__}")
    _refuse_keep_in_front(fmap)
    fmap.__class__ = ServedMap
    fmap.default_js = [("leaflet", LEAFLET_JS_URL)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS_URL)]
    for child in fmap._children.values():
        _strip_links(child)
    return fmap


def _refuse_keep_in_front(fmap: folium.Map) -> None:
    if fmap.objects_to_stay_in_front:
        raise ValueError("Map.keep_in_front() needs jQuery, which is not vendored: add layers in the wanted order")


def _strip_links(element) -> None:
    """Empty the link lists of `element` and its descendants; refuse what cannot work without a CDN."""
    if isinstance(element, branca.colormap.ColorMap):
        raise ValueError("branca colormaps make streamlit-folium load d3 from a CDN; draw the legend in HTML")
    if isinstance(element, folium.Popup):
        raise ValueError("folium.Popup builds its content with jQuery, which is not vendored; "
                         "bind popups in JavaScript, as the time engine does")
    if isinstance(element, folium.GeoJson) and not element.embed:
        raise ValueError("GeoJson(embed=False) fetches its data with jQuery, which is not vendored")
    if isinstance(element, JSCSSMixin):
        needed = [url for _, url in [*element.default_js, *element.default_css]
                  if url.split("?")[0].rsplit("/", 1)[-1] not in _PROVIDED]
        if needed:
            raise ValueError(f"{type(element).__name__} needs files that are not vendored under static/vendor: "
                             f"{needed}")
        element.default_js = []
        element.default_css = []
    for child in getattr(element, "_children", {}).values():
        _strip_links(child)


_SCRIPT_SRC = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*(?P<q>[\"']?)(?P<url>[^\"'\s>]*)(?P=q)[^>]*>\s*</script\s*>\s*",
                         re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>\s*", re.IGNORECASE)
_ATTR = re.compile(r"\b(?P<name>rel|href)\s*=\s*(?P<q>[\"']?)(?P<value>[^\"'\s>]*)(?P=q)", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CSS_IMAGE = re.compile(r"url\((?P<q>[\"']?)images/(?P<name>[\w.-]+\.png)(?P=q)\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def _fetched(url: str) -> bool:
    """A URL the page would fetch from elsewhere: another host, or the running app's static files."""
    return bool(re.match(r"^(?:https?:)?//", url, re.IGNORECASE)) or url.startswith(STATIC_URL + "/")


def _drop_link(match: re.Match) -> str:
    attrs = {m["name"].lower(): m["value"] for m in _ATTR.finditer(match.group(0))}
    if "stylesheet" in attrs.get("rel", "").lower().split() and _fetched(attrs.get("href", "")):
        return ""
    return match.group(0)


def _data_uri(png: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(bundled_bytes(png)).decode("ascii")


def inline_head() -> str:
    """Leaflet's CSS (icons as data URIs) and JavaScript, ready to put at the top of a <head>."""
    css = _CSS_IMAGE.sub(lambda m: f'url("{_data_uri(LEAFLET_IMAGES / m["name"])}")', bundled_text(LEAFLET_CSS))
    js = _SOURCE_MAP.sub("", bundled_text(LEAFLET_JS))
    # Default markers: Leaflet would look for marker-icon.png next to leaflet.css, which a file does not have.
    icons = (f'L.Icon.Default.imagePath = "";\n'
             f'L.Icon.Default.mergeOptions({{iconUrl: "{_data_uri(LEAFLET_IMAGES / "marker-icon.png")}", '
             f'iconRetinaUrl: "{_data_uri(LEAFLET_IMAGES / "marker-icon-2x.png")}", '
             f'shadowUrl: "{_data_uri(LEAFLET_IMAGES / "marker-shadow.png")}"}});')
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return (f"<style>/* Leaflet {LEAFLET_VERSION} (BSD-2-Clause) */\n{css}</style>\n"
            f"<script>/* Leaflet {LEAFLET_VERSION} (BSD-2-Clause, (c) 2010-2022 Vladimir Agafonkin, "
            f"(c) 2010-2011 CloudMade) */\n{js}\n{icons}</script>\n")


def inline_html(html: str) -> str:
    """A standalone folium page that opens from file:// with no network: Leaflet inlined, remote links removed.

    Every `<script src>` and `<link rel=stylesheet>` pointing at http(s) (or at the app's /app/static/, which
    a file cannot reach) is dropped; Leaflet's CSS and JavaScript go inline at the top of <head>, before any
    other script.
    """
    html = _SCRIPT_SRC.sub(lambda m: "" if _fetched(m["url"]) else m.group(0), html)
    html = _LINK.sub(_drop_link, html)
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("not an HTML document with a <head>: render it with fmap.get_root().render()")
    return html[:head.end()] + "\n" + inline_head() + html[head.end():]
