"""The time engine as folium elements: the engine with its pack (once per map), a host adapter, and a
request element that moves an existing map to a date without rebuilding it.

The engine (js/frontline-engine.js) knows nothing of its host. A host adapter connects its "settle" events
to whoever embeds the map: streamlit-folium's `window.Streamlit.setComponentValue`, or the URL fragment of a
standalone HTML file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from frontline.cartography import RIVER_COLOR, RIVER_LABELS, TERRITORY_OPACITY, ZONE_OPACITY
from frontline.io.bundled import bundled_text

ENGINE_JS = Path(__file__).with_name("js") / "frontline-engine.js"
CHART_JS = Path(__file__).with_name("js") / "frontline-chart.js"
HOSTS = ("streamlit", "file")


def engine_source() -> str:
    return bundled_text(ENGINE_JS)


def chart_source() -> str:
    return bundled_text(CHART_JS)


def script_json(value: object) -> str:
    """JSON that is also safe inside an HTML <script> element: no `</script>`, no `<!--`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# streamlit-folium exposes `window.Streamlit`, so that JavaScript in a folium map can return values to
# Python. The adapter sends the settled date (and the view and hidden layers, so links can restore them);
# `seq` makes every commit a new value. `window.frontlineEngine` lets request elements reach the engine.
STREAMLIT_HOST = """
(function (engine, map) {
  window.frontlineEngine = engine;
  var seq = 0, timer = null, requesting = false, applied = 0;  // applied: the last request's nonce
  function view() {
    var c = map.getCenter(), b = map.getBounds(), r = function (x) { return Math.round(x * 1e4) / 1e4; };
    // bounds: what the reader sees, for exports of "what you see" (west, south, east, north)
    return {lat: r(c.lat), lon: r(c.lng), zoom: map.getZoom(),
      bounds: [r(b.getWest()), r(b.getSouth()), r(b.getEast()), r(b.getNorth())]};
  }
  // The last place whose history the reader asked for, and a count of the asks: carried by every value sent,
  // so that a later value (a pan right after the click) cannot hide the ask from Python.
  var history = null, historySeq = 0;
  function send(reason) {
    var host = window.Streamlit;
    if (!host || !host.setComponentValue) return;
    seq += 1;
    host.setComponentValue({date: engine.getDate(), reason: reason, view: view(), hidden: engine.hiddenLayers(),
                            seq: seq, nonce: applied, sent: Date.now(), place: history, placeSeq: historySeq});
  }
  /* A pan or zoom replaces the page's URL in place (no history entry: Back steps through dates), in the
     order Python writes it (date, view, hide), so that Python's next write of the same view adds none. */
  function writeView() {
    try {
      var page = window.parent;
      if (!page || page === window) return;
      var v = view(), params = new URLSearchParams(page.location.search), out = new URLSearchParams();
      params.set("view", v.lat.toFixed(4) + "," + v.lon.toFixed(4) + "," + v.zoom);
      ["date", "view", "hide", "compare", "focus", "place", "age"].forEach(function (k) {
        if (params.has(k)) out.set(k, params.get(k));
      });
      params.forEach(function (value, k) { if (!out.has(k)) out.set(k, value); });
      page.history.replaceState(page.history.state, "", page.location.pathname + "?" + out.toString() + page.location.hash);
    } catch (err) { /* a host page on another origin keeps its URL */ }
  }
  engine.on("settle", function (e) { send(e.reason); });
  engine.on("history", function (e) { history = e.place; historySeq += 1; send("history"); });
  engine.on("layers", function () { if (!requesting) send("layers"); });
  map.on("moveend", function () {
    if (engine.isPlaying() || requesting) return;
    clearTimeout(timer);
    timer = setTimeout(function () { writeView(); send("view"); }, 400);
  });
  window.frontlineRequest = function (request) {
    requesting = true;
    if (request.nonce) applied = request.nonce;
    try {
      if (request.hidden) {
        ["territory", "fronts", "places"].forEach(function (name) {
          engine.setLayerVisible(name, request.hidden.indexOf(name) < 0);
        });
      }
      if (request.view) map.setView([request.view.lat, request.view.lon], request.view.zoom, {animate: false});
      if (request.date) { engine.pause(); engine.setDate(request.date); }
      if ("focus" in request) engine.setFocus(request.focus);
      if ("compare" in request) engine.setCompare(request.compare);
      if ("age" in request) engine.setAgeShading(request.age);
      if (request.place) engine.showPlace(request.place);
    } finally {
      requesting = false;
    }
  };
})(%(engine)s, %(map)s);
"""

# A file opened from disk keeps its date in the URL fragment (#date=YYYY-MM-DD), read on load and written on
# every settle with replaceState: no history entry per frame, and the file works with no server.
FILE_HOST = """
(function (engine, map) {
  window.frontlineEngine = engine;
  var match = /(?:^#|&)date=(\\d{4}-\\d{2}-\\d{2})/.exec(window.location.hash);
  if (match) engine.setDate(match[1]);
  engine.on("settle", function (e) {
    var url = window.location.href.split("#")[0] + "#date=" + e.date;
    try { window.history.replaceState(null, "", url); } catch (err) { window.location.hash = "date=" + e.date; }
  });
})(%(engine)s, %(map)s);
"""


@dataclass(frozen=True)
class EngineDocuments:
    """What a page of the time engine reads, as JSON texts (`io.export.engine_documents` makes them once per
    atlas): the pack it paints from, the popups' texts and citations (parsed on the first popup; without them
    popups name no sources) and the area chart's series (without them, no chart)."""

    pack: str
    citations: str | None = None
    chart: str | None = None


class TimeEngine(MacroElement):
    """The engine, its pack and a host adapter, added to a folium Map once."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.engine_js }}
var {{ this.get_name() }} = L.frontline(JSON.parse({{ this.pack_literal }}), {{ this.options_json }}).addTo({{ this._parent.get_name() }});
{% if this.chart_literal %}
{{ this.chart_js }}
window.frontlineChart = L.frontlineChart({{ this.get_name() }}, JSON.parse({{ this.chart_literal }})).addTo({{ this._parent.get_name() }});
{% endif %}
{{ this.host_js() }}
{% endmacro %}
""")

    def __init__(self, documents: EngineDocuments, host: str = "streamlit", date: dt.date | None = None,
                 hidden: tuple[str, ...] = ()):
        super().__init__()
        if host not in HOSTS:
            raise ValueError(f"unknown host '{host}': choose one of {', '.join(HOSTS)}")
        self._name = "TimeEngine"
        self.engine_js = engine_source()
        # A string for JSON.parse: JavaScript engines parse JSON text much faster than an object literal.
        self.pack_literal = script_json(documents.pack)
        # The area chart (js/frontline-chart.js) follows the engine.
        self.chart_literal = script_json(documents.chart) if documents.chart else ""
        self.chart_js = chart_source() if documents.chart else ""
        self.host = host
        # The popups' citations stay a JSON text inside the options: the engine parses them on the first popup.
        self.options_json = script_json({"date": date.isoformat() if date else None, "hidden": list(hidden),
                                         "citations": documents.citations,
                                         "territoryOpacity": TERRITORY_OPACITY, "zoneOpacity": ZONE_OPACITY,
                                         "water": [{"name": n, "lat": lat, "lon": lon, "color": RIVER_COLOR}
                                                   for n, (lat, lon) in RIVER_LABELS.items()]})

    def host_js(self) -> str:
        template = STREAMLIT_HOST if self.host == "streamlit" else FILE_HOST
        return template % {"engine": self.get_name(), "map": self._parent.get_name()}


class EngineRequest(MacroElement):
    """Move an existing map to a date, view or set of hidden layers (sent as a streamlit-folium feature
    group, which runs after the map without rebuilding it). `nonce` makes a repeated request run again."""

    _template = Template("""
{% macro script(this, kwargs) %}
if (window.frontlineRequest) { window.frontlineRequest({{ this.request_json }}); }
{% endmacro %}
""")

    def __init__(self, request: dict):
        super().__init__()
        self._name = "EngineRequest"
        self.request_json = script_json(request)
