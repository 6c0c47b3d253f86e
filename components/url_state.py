"""What the page shows — date, map view, hidden layers — kept in the session and mirrored in the URL.

Three things can change it: a link being opened (or the browser's Back/Forward, which changes the URL under
the page), the reader settling the map on a date, and Python choosing a date. A change that does not come
from the map becomes a *request* to the map; a change that comes from the map only updates the URL, so the
map's script never changes and nothing is re-sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from frontline import linkstate
from frontline.linkstate import LinkState, View
from frontline.render.text import markdown_text

SHOWN, WRITTEN, REQUEST, SEQ = "shown", "url_written", "map_request", "map_seq"
BOUNDS = "map_bounds"
PLACE_SEQ = "map_place_seq"
MAP_SIZE = (1100, 600)  # px: about what the wide layout gives the map (components/time_map.py: height 600)


KEYS = ("date", "view", "hide", "compare", "focus", "place", "age")
NAVIGATION = tuple(k for k in KEYS if k != "view")  # a change of these under the page is Back/Forward


def _url_params() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in KEYS if k in st.query_params}


def _request(state: LinkState, with_view: bool = True) -> dict:
    nonce = st.session_state.get(REQUEST, {}).get("nonce", 0) + 1
    view = state.view if with_view else None
    return {"date": state.date.isoformat(), "hidden": sorted(state.hidden), "nonce": nonce,
            "view": {"lat": view.lat, "lon": view.lon, "zoom": view.zoom} if view else None,
            "focus": state.focus, "compare": state.compare.isoformat() if state.compare else None,
            "age": state.age}


def before_map(start: dt.date, end: dt.date, pending: dict | None, actors=(), places=()) -> tuple[dict, list[str]]:
    """The request for the map on this run, and warnings about the link (to show as text).

    `pending` is the map's latest value (`time_map.pending()`): when it is new, this run was started by the
    reader settling the map, and the URL it came with may predate the previous run's write (two commits in
    quick succession), so it is not taken for a Back/Forward navigation.
    """
    params = _url_params()
    warnings: list[str] = []
    written = st.session_state.get(WRITTEN, {})
    navigated = any(params.get(k) != written.get(k) for k in NAVIGATION)  # the view alone moves in place
    from_map = pending is not None and pending.get("seq") != st.session_state.get(SEQ)
    if SHOWN not in st.session_state or (navigated and not from_map):
        # A link just opened, or the URL changed under the page (Back/Forward): it wins.
        state = linkstate.read(params, start, end, default=end, actors=actors, places=places)
        if SHOWN not in st.session_state:
            warnings = list(state.warnings)
        st.session_state[SHOWN] = state
        st.session_state[REQUEST] = _request(state)
        if state.place and state.view is None and state.place in places:  # a link to a place: centre on it
            place = places[state.place]
            return go_to(view=View(round(place.lat, 4), round(place.lon, 4), 9), place=state.place), warnings
    return st.session_state[REQUEST], warnings


def after_map(value: dict | None, start: dt.date, end: dt.date) -> LinkState:
    """Take in what the reader settled on in the map, write the URL, and return what the page shows."""
    shown: LinkState = st.session_state[SHOWN]
    if value is not None and value.get("seq") != st.session_state.get(SEQ):
        st.session_state[SEQ] = value.get("seq")
        date, _ = linkstate.read_date(str(value.get("date")), start, end, shown.date)
        view = value.get("view") or {}
        try:
            new_view = View(round(float(view["lat"]), 4), round(float(view["lon"]), 4), int(view["zoom"]))
        except (KeyError, TypeError, ValueError):
            new_view = shown.view
        hidden = frozenset(h for h in value.get("hidden", []) if h in linkstate.LAYERS)
        st.session_state[BOUNDS] = (new_view, _bounds(view.get("bounds")))  # the bounds of that view
        if _before_request(value):  # sent before the map took Python's latest request: only the view is news
            shown = replace(shown, view=new_view)
        else:
            shown = replace(shown, date=date, view=new_view, hidden=hidden)
        if value.get("placeSeq") and value.get("placeSeq") != st.session_state.get(PLACE_SEQ):
            st.session_state[PLACE_SEQ] = value.get("placeSeq")  # the popup's "History" button, asked anew
            if isinstance(value.get("place"), str):
                shown = replace(shown, place=value["place"])
        st.session_state[SHOWN] = shown
    params = linkstate.to_params(shown)
    if params != _url_params():
        st.query_params.from_dict(params)
    st.session_state[WRITTEN] = params
    return shown


def _bounds(raw) -> tuple[float, float, float, float] | None:
    """The map's bounds as sent (west, south, east, north), checked; None when absent or unusable."""
    from frontline.views import checked

    try:
        return checked(tuple(float(v) for v in raw)) if raw is not None and len(raw) == 4 else None
    except (TypeError, ValueError):
        return None


def permalink(shown: LinkState) -> str | None:
    """The address of this app with the shown state's query (`?date=&view=&hide=`), when Streamlit knows it."""
    from urllib.parse import urlencode

    try:
        base = str(st.context.url or "").split("?", 1)[0].split("#", 1)[0]
    except Exception:  # noqa: BLE001 - outside a browser session (tests), there is no address
        return None
    if not base.startswith(("http://", "https://")):
        return None
    return f"{base}?{urlencode(linkstate.to_params(shown), safe=',')}"


def shown_bounds(shown: LinkState) -> tuple[float, float, float, float] | None:
    """What the reader's map shows (lon_min, lat_min, lon_max, lat_max): as the map last said, else as the
    link's view implies on a map of the app's size; None for the default view (the whole region)."""
    from frontline.views import WebView, bbox_of_view

    sent_view, sent = st.session_state.get(BOUNDS, (None, None))
    if sent is not None and sent_view == shown.view:
        return sent
    if shown.view is None:
        return None
    return bbox_of_view(WebView(shown.view.lat, shown.view.lon, shown.view.zoom), *MAP_SIZE)


def _before_request(value: dict) -> bool:
    """Was this value sent before the map had applied the latest request (a key moment chosen while a pan's
    update was on its way)? Its date and layers are then older than what Python asked the map to show."""
    try:
        return int(value.get("nonce", 0)) < st.session_state.get(REQUEST, {}).get("nonce", 0)
    except (TypeError, ValueError):
        return True


def go_to(date: dt.date | None = None, view: View | None = None, **changes) -> dict:
    """Python chooses a date, a view, a place, an actor to follow or a date to compare with (a key moment, a
    search result, a legend click): the map is asked to show it. Returns the new request for the map."""
    shown = st.session_state[SHOWN]
    if date is not None:
        changes["date"] = date
    if view is not None:
        changes["view"] = view
    shown = replace(shown, **changes)
    st.session_state[SHOWN] = shown
    request = _request(shown, with_view=view is not None)  # else the reader's zoom and pan stay
    if changes.get("place") and view is not None:
        request["place"] = changes["place"]  # the map opens the place's popup
    st.session_state[REQUEST] = request
    return request


def shown() -> LinkState:
    return st.session_state[SHOWN]


def show_warnings(warnings: list[str]) -> None:
    for text in warnings:
        st.warning(markdown_text(text))
