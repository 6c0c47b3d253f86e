"""app.py under Streamlit's AppTest: the time map's arguments, the link's state, what the page shows.

The map is an opaque element here: its arguments are what is asserted. `script` is the base map with the
time engine and the whole record packed once; `feature_group` carries the small request that moves the
map (`window.frontlineRequest({...})`). What the engine sends back when the reader settles on a date is
simulated by setting the component's value in the session state, as the browser would.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.timeline import Timeline
from frontline.timepack import pack, split_citations
from tests.conftest import DATA, ROOT

MINI = DATA / "mini.yaml"
SHIPPED = ROOT / "data" / "events.yaml"
START, END = "2011-03-15", "2018-05-21"  # the mini dataset's first and last day
REQUEST = re.compile(r"window\.frontlineRequest\((\{.*?\})\);")


def app(monkeypatch, data=MINI, **params: str) -> AppTest:
    monkeypatch.setenv("FRONTLINE_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def map_args(at: AppTest) -> dict:
    [element] = at.get("component_instance")
    return json.loads(element.proto.json_args)


def request_of(at: AppTest) -> dict:
    """The request the page sends the map on this run (the feature group's one call)."""
    [found] = REQUEST.findall(map_args(at)["feature_group"])
    return json.loads(found)


def packs_in(script: str) -> list[dict]:
    """The packs handed to `L.frontline(...)` in a map's script, decoded (an object literal or a JSON text)."""
    decoder, found = json.JSONDecoder(), []
    for match in re.finditer(r"= L\.frontline\(\s*(?:(JSON\.parse\()|(?=\{))", script):
        value, _ = decoder.raw_decode(script, match.end())
        found.append(json.loads(value) if match.group(1) else value)
    return found


def settle(at: AppTest, date: str, seq: int, view: dict | None = None, hidden: tuple[str, ...] = (),
           nonce: int | None = None) -> AppTest:
    """What the engine does when the reader settles on a date: `Streamlit.setComponentValue(...)`, with the
    nonce of the last request it applied (by default the page's current one)."""
    value = {"date": date, "reason": "release", "seq": seq, "hidden": list(hidden), "sent": 0,
             "view": view or {"lat": 33.3, "lon": 42.1, "zoom": 6},
             "nonce": request_of(at)["nonce"] if nonce is None else nonce}
    at.session_state[map_args(at)["key"]] = value
    return at.run()


def url(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] if isinstance(at.query_params[k], str) else at.query_params[k][-1]
            for k in at.query_params}


def plain(markdown: str) -> str:
    """Markdown text with its backslash escapes removed: what the reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown)


def blocks(at: AppTest) -> list[str]:
    """Every piece of text the page shows: markdown, HTML, headings, captions."""
    return ([m.value for m in at.markdown] + [h.proto.body for h in at.get("html")]
            + [s.value for s in at.subheader] + [c.value for c in at.caption])


def block(at: AppTest, marker: str) -> str:
    """The one piece of the page that contains `marker`."""
    [found] = [text for text in blocks(at) if marker in text and not text.lstrip().startswith("<style")]
    return found


def legend(at: AppTest) -> str:
    return block(at, "places held:")


def feed_heading(at: AppTest) -> str:
    [found] = re.findall(r"Events on \d{4}-\d{2}-\d{2}", block(at, "Events on "))
    return found


def area_figures(at: AppTest) -> str:
    """The shown date's km² per actor (a table in HTML, or a dataframe)."""
    if at.dataframe:
        return at.dataframe[0].value.to_string()
    [found] = [text for text in blocks(at) if "<table" in text and "km²" in text]
    return found


@pytest.fixture(scope="module")
def mini_atlas() -> Atlas:
    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events(str(MINI), countries=shapes)), shapes)


# --- the map element --------------------------------------------------------------------------------------

def test_the_map_carries_the_engine_and_the_whole_record_once(monkeypatch, mini_atlas):
    at = app(monkeypatch, date="2015-06-01")
    assert not at.exception
    args = map_args(at)
    script = args["script"]
    assert script.count("L.FrontlineEngine = Engine") == 1  # the engine's source
    assert script.count("window.frontlineEngine = engine") == 1  # its host adapter
    [shipped] = packs_in(script)  # one engine, given the whole record inline
    painted, citations = split_citations(pack(mini_atlas))
    assert shipped == json.loads(json.dumps(painted))
    # the popups' texts and sources ride along as a JSON text in the engine's options, parsed on the first popup
    options_at = script.index(")", script.index("= L.frontline(JSON.parse(")) + 1
    options, _ = json.JSONDecoder().raw_decode(script, script.index("{", options_at))
    assert json.loads(options["citations"]) == json.loads(json.dumps(citations))
    assert "</script" not in script.lower()  # nothing in it can end the page's <script> element
    assert args["returned_objects"] == []  # only the engine's settled value comes back
    # Leaflet from the app itself, nothing from a CDN
    assert args["js_links"] and all(u.startswith("/app/static/") for u in args["js_links"])
    assert all(u.startswith("/app/static/") for u in args["css_links"])


def test_the_links_date_is_requested_from_the_map(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    request = request_of(at)
    assert request["date"] == "2015-06-01" and isinstance(request["nonce"], int)
    assert request["hidden"] == [] and request["view"] is None
    assert "2015-06-01" not in map_args(at)["script"]  # the date lives in the request, not the base map
    assert url(at) == {"date": "2015-06-01"}


def test_no_date_in_the_link_shows_the_last_day(monkeypatch):
    at = app(monkeypatch)
    assert not at.exception and not at.warning
    assert request_of(at)["date"] == END and url(at)["date"] == END
    assert feed_heading(at) == f"Events on {END}"


def test_a_rerun_keeps_the_map_script_byte_identical(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    before = map_args(at)
    at.run()
    after = map_args(at)
    assert after["script"] == before["script"] and after["key"] == before["key"]
    assert after["feature_group"] == before["feature_group"]  # nothing new asked of the map


def test_settling_on_a_date_updates_url_legend_figures_and_feed_without_touching_the_map(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    before = map_args(at)
    assert "Islamic State" in area_figures(at)
    settle(at, "2018-05-21", seq=1, view={"lat": 35.1234567, "lon": 38.2, "zoom": 7}, hidden=("fronts", "bogus"))
    assert not at.exception
    assert url(at) == {"date": "2018-05-21", "view": "35.1235,38.2000,7", "hide": "fronts"}
    assert "<b>21 May 2018</b>" in legend(at)
    assert "data-count='syrian_government'>2<" in legend(at) and "data-count='isis'" not in legend(at)
    assert feed_heading(at) == "Events on 2018-05-21"
    assert "Islamic State" not in area_figures(at) and "Syrian government" in area_figures(at)
    after = map_args(at)
    # The map moved itself: it is sent nothing new, and its script stays byte-identical.
    assert after["script"] == before["script"] and after["feature_group"] == before["feature_group"]


def test_the_same_settled_value_is_not_taken_twice(monkeypatch):
    """After Back, the map's last value (same seq) is still there: it must not undo the navigation."""
    at = app(monkeypatch, date="2015-06-01")
    settle(at, "2016-04-15", seq=1)
    assert url(at)["date"] == "2016-04-15"
    nonce = request_of(at)["nonce"]
    at.query_params["date"] = "2015-06-01"  # the browser's Back changes the URL under the page
    at.run()
    assert not at.exception
    assert url(at)["date"] == "2015-06-01" and feed_heading(at) == "Events on 2015-06-01"
    request = request_of(at)
    assert request["date"] == "2015-06-01" and request["nonce"] > nonce  # the map is asked to go back
    assert "<b>1 June 2015</b>" in legend(at)


def test_a_settled_date_outside_the_record_is_clamped(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    settle(at, "2099-01-01", seq=1)
    assert not at.exception and url(at)["date"] == END


# --- the link: date, view, hidden layers ------------------------------------------------------------------

@pytest.mark.parametrize("asked, shown, words", [
    ("1999-01-01", START, f"before the record begins; showing its first day, {START}"),
    ("2099-01-01", END, f"after the record ends; showing its last day, {END}"),
])
def test_a_date_outside_the_record_is_clamped_to_the_nearest_end(monkeypatch, asked, shown, words):
    at = app(monkeypatch, date=asked)
    assert not at.exception
    assert request_of(at)["date"] == shown and url(at)["date"] == shown
    assert len(at.warning) == 1
    assert words in plain(at.warning[0].value)
    assert feed_heading(at) == f"Events on {shown}"


@pytest.mark.parametrize("bad", ["2015-02-30", "yesterday", "2015-6-1x", ""])
def test_a_malformed_date_warns_and_shows_the_last_day(monkeypatch, bad):
    at = app(monkeypatch, date=bad)
    assert not at.exception
    assert request_of(at)["date"] == END and url(at)["date"] == END
    assert len(at.warning) == 1
    assert "is not a date written" in at.warning[0].value and "showing 2018-05-21" in plain(at.warning[0].value)


def test_a_long_bad_date_is_quoted_in_at_most_40_characters(monkeypatch):
    at = app(monkeypatch, date="2015" + "Z" * 196)
    assert not at.exception and len(at.warning) == 1
    text = at.warning[0].value
    longest = max(len(run) for run in re.findall(r"Z+", text))
    assert 30 <= longest and 4 + longest <= 40  # quoted, but cut
    assert len(text) < 200


@pytest.mark.parametrize("payload", [
    "[x](javascript:alert(1))![i](http://evil/x.png)<b>$x$",
    "<b>$x$</b>![i](http://evil/x.png)",
    "`code` **bold** <img src=x onerror=alert(1)>",
])
def test_markup_in_a_bad_date_is_shown_as_text(monkeypatch, payload):
    at = app(monkeypatch, date=payload)
    assert not at.exception and len(at.warning) == 1
    text = at.warning[0].value
    # Nothing that Markdown would turn into a link, an image, HTML, code, emphasis or KaTeX.
    assert "](" not in text and "![" not in text
    assert not re.search(r"(?<!\\)[<>`$*\[]", text)
    if "[x]" in payload[:40]:
        assert "\\[x\\]" in text
    assert len(re.findall(r"“(.*)”", plain(text))[0]) <= 40


def test_hidden_layers_in_the_link_are_read_tolerantly(monkeypatch):
    at = app(monkeypatch, date="2015-06-01", hide=" Fronts , TERRITORY")
    assert not at.exception and not at.warning
    assert request_of(at)["hidden"] == ["fronts", "territory"]
    assert url(at)["hide"] == "territory,fronts"  # written back in the layers' order


def test_an_unknown_layer_warns_and_is_ignored(monkeypatch):
    at = app(monkeypatch, date="2015-06-01", hide="fronts,borders")
    assert request_of(at)["hidden"] == ["fronts"]
    assert len(at.warning) == 1 and "unknown layer" in at.warning[0].value and "borders" in at.warning[0].value


def test_the_links_view_is_requested_from_the_map(monkeypatch):
    at = app(monkeypatch, date="2015-06-01", view="35.1,38.2,8")
    assert not at.exception and not at.warning
    assert request_of(at)["view"] == {"lat": 35.1, "lon": 38.2, "zoom": 8}
    assert url(at)["view"] == "35.1000,38.2000,8"


@pytest.mark.parametrize("bad", ["abc", "35.1,38.2", "95,38,8", "nan,38,8"])
def test_a_bad_view_warns_and_shows_the_whole_region(monkeypatch, bad):
    at = app(monkeypatch, date="2015-06-01", view=bad)
    assert not at.exception
    assert request_of(at)["view"] is None and "view" not in url(at)
    assert len(at.warning) == 1 and "map view" in at.warning[0].value


# --- what the page shows for the date ---------------------------------------------------------------------

def test_the_legend_counts_the_places_held_on_the_date(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    text = legend(at)
    assert text.count("<b>1 June 2015</b>") == 1
    assert "data-count='isis'>2<" in text and "data-count='peshmerga'>1<" in text
    assert "data-count='syrian_government'" not in text  # no place held: not listed


def test_events_of_the_date_are_listed_with_sources(monkeypatch):
    at = app(monkeypatch, date="2018-05-04")
    assert feed_heading(at) == "Events on 2018-05-04"
    text = block(at, "Events on ")
    assert "incident" in text and "claim by Al-Naba" in text and "Kyle Orton" in text


def test_a_date_without_events_says_so(monkeypatch):
    at = app(monkeypatch, date="2014-01-01")
    assert feed_heading(at) == "Events on 2014-01-01"
    assert "No events recorded on this date" in block(at, "Events on ")


def test_area_figures_and_method_note_are_shown(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    assert "derived, not surveyed" in block(at, "derived, not surveyed")
    figures = area_figures(at)
    assert "Islamic State" in figures and "Peshmerga" in figures and "%" in figures


def test_every_download_is_offered_behind_one_switch(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    assert not at.get("download_button")  # nothing sent on every commit until the reader asks
    at.toggle(key="downloads").set_value(True).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Map (PNG)", "Map (SVG)", "Map (PDF)", "GeoJSON", "GeoPackage", "Places CSV",
                      "Report pack (ZIP)", "Whole record (CSV)", "Interactive map (HTML, works offline)"]


# --- bad data ---------------------------------------------------------------------------------------------

def test_broken_data_shows_problems_not_a_traceback(monkeypatch, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("lat: 34.5624", "lat: north"))
    at = app(monkeypatch, data=bad)
    assert not at.exception
    assert "cannot be used" in at.error[0].value
    assert f"{bad}:12:10: lat: should be a number" in at.code[0].value
    assert not at.get("component_instance")  # no map of a dataset that did not load


def test_data_text_is_escaped(monkeypatch, tmp_path):
    evil = tmp_path / "evil.yaml"
    name = "<img src=x onerror=alert(1)></script><script>alert(2)</script>`${x}`"
    evil.write_text(MINI.read_text().replace("name: Palmyra", f"name: {json.dumps(name)}"))
    at = app(monkeypatch, data=evil, date="2015-05-21")
    assert not at.exception
    script = map_args(at)["script"]
    # In the pack, inside a <script>: no tag can start, and the name still decodes to itself.
    assert "<img" not in script and "</script><script>alert" not in script and "<script>alert" not in script
    [shipped] = packs_in(script)
    assert name in shipped["places"]["names"]
    # In the event feed, HTML-escaped (backticks and $ too).
    assert not [text for text in blocks(at) if "<img src=x" in text or "<script" in text]
    text = block(at, "Events on ")
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "&#96;&#36;{x}&#96;" in text


def test_a_key_moment_moves_the_map_by_request_without_rebuilding_it(monkeypatch):
    at = app(monkeypatch, data=SHIPPED, date="2013-01-01")
    script, nonce = map_args(at)["script"], request_of(at)["nonce"]
    [menu] = [s for s in at.selectbox if s.label == "Jump to a key moment"]
    label = next(o for o in menu.options if "Mosul falls" in o)
    menu.set_value(label).run()
    assert not at.exception
    assert request_of(at)["date"] == "2014-06-10" and request_of(at)["nonce"] > nonce
    assert map_args(at)["script"] == script
    assert at.query_params["date"] in (["2014-06-10"], "2014-06-10")
    assert "Events on 2014-06-10" in " ".join(h.proto.body for h in at.get("html"))
    [menu] = [s for s in at.selectbox if s.label == "Jump to a key moment"]
    assert menu.value is None  # a jump, not a setting


def test_a_value_sent_before_the_map_took_a_key_moment_does_not_undo_it(monkeypatch):
    """A pan's update still on its way when a key moment is chosen carries the old date: only its view counts."""
    at = app(monkeypatch, data=SHIPPED, date="2013-01-01")
    old_nonce = request_of(at)["nonce"]
    [menu] = [s for s in at.selectbox if s.label == "Jump to a key moment"]
    menu.set_value(next(o for o in menu.options if "Mosul falls" in o)).run()
    assert request_of(at)["date"] == "2014-06-10"
    settle(at, "2013-01-01", seq=1, view={"lat": 35.0, "lon": 40.0, "zoom": 8}, nonce=old_nonce)
    assert not at.exception
    assert url(at)["date"] == "2014-06-10" and url(at)["view"] == "35.0000,40.0000,8"
    settle(at, "2014-06-11", seq=2)  # the engine, having applied the request, moves on: that counts
    assert url(at)["date"] == "2014-06-11"


# --- questions an analyst asks (issue 10) -------------------------------------------------------------------

def test_a_comparison_link_reopens_the_comparison_with_gains_and_losses(monkeypatch):
    at = app(monkeypatch, data=SHIPPED, date="2016-04-30", compare="2016-03-01")
    assert not at.exception
    assert request_of(at)["compare"] == "2016-03-01"
    text = " ".join(h.proto.body for h in at.get("html"))
    assert "From 1 March 2016 to 30 April 2016" in text
    assert "Palmyra" in text and "al-Qaryatain" in text
    assert url(at)["compare"] == "2016-03-01"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the comparison (CSV)" in labels


def test_following_an_actor_is_in_the_link_and_the_map_request(monkeypatch):
    at = app(monkeypatch, data=SHIPPED, date="2015-05-25", focus="isis")
    assert not at.exception
    assert request_of(at)["focus"] == "isis" and url(at)["focus"] == "isis"
    pills = at.get("button_group")
    assert pills, "the follow-one-actor control"


def test_a_place_in_the_link_opens_its_history_with_every_change_of_hands(monkeypatch):
    at = app(monkeypatch, data=SHIPPED, date="2017-03-02", place="palmyra")
    assert not at.exception
    text = " ".join(h.proto.body for h in at.get("html"))
    assert "History of Palmyra" in text
    for day in ("2015-05-21", "2016-03-27", "2016-12-11", "2017-03-02"):  # its four changes of hands
        assert day in text, day
    assert "last confirmed on" in text
    assert "<bdi>تدمر</bdi>" in text  # its Arabic name (GeoNames), isolated so it cannot reorder the line


@pytest.mark.parametrize(("param", "value"), [("focus", "martians"), ("place", "atlantis"), ("compare", "someday")])
def test_an_unknown_actor_place_or_comparison_date_in_the_link_warns_and_is_ignored(monkeypatch, param, value):
    at = app(monkeypatch, **{param: value})
    assert not at.exception
    assert any(value in w.value for w in at.warning)
    assert param not in url(at)


def test_the_feed_says_when_a_place_is_shared_and_when_a_day_is_a_window(monkeypatch):
    """The shipped record on 15 October 2019: Manbij stays with the SDF, with government troops deployed
    alongside (an arrangement, not a change of hands); and an event known only within a window says so."""
    at = app(monkeypatch, data=SHIPPED, date="2019-10-15")
    assert not at.exception
    feed = block(at, "Events on 2019-10-15")
    assert "Manbij" in feed and "with Syrian government and allies deployed alongside" in feed
    at = app(monkeypatch, data=SHIPPED, date="2014-06-28")
    assert "≈ between 11 and 28 June 2014" in block(at, "Events on 2014-06-28")
