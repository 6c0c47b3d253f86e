"""app.py under Streamlit's AppTest: URL state, slider, map arguments, broken data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA, ROOT


def app(monkeypatch, data=DATA / "mini.yaml", date: str | None = None) -> AppTest:
    monkeypatch.setenv("FRONTLINE_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if date is not None:
        at.query_params["date"] = date
    return at.run()


def map_args(at: AppTest) -> dict:
    [element] = at.get("component_instance")
    return json.loads(element.proto.json_args)


def held(layer_js: str, kind: str, place: str, actor: str, color: str) -> bool:
    """Does the layers' JavaScript carry this feature? (jinja's tojson sorts the keys)"""
    return f'"a": "{actor}", "c": "{color}", "id": "{place}", "k": "{kind}"' in layer_js


def test_link_opens_on_its_date(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    assert not at.exception
    assert at.slider[0].value == dt.date(2015, 6, 1)
    layer = map_args(at)["feature_group"]
    assert held(layer, "place", "palmyra", "isis", "#1a1a1a")
    assert held(layer, "cell", "palmyra", "isis", "#1a1a1a")


def test_moving_the_slider_changes_state_url_and_map(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    script_before = map_args(at)["script"]
    at.slider[0].set_value(dt.date(2016, 4, 15)).run()
    assert not at.exception
    assert at.query_params["date"] == ["2016-04-15"] or at.query_params["date"] == "2016-04-15"
    args = map_args(at)
    assert held(args["feature_group"], "place", "palmyra", "syrian_government", "#d7301f")
    assert args["script"] == script_before  # base map unchanged: zoom and pan survive
    assert args["returned_objects"] == []


@pytest.mark.parametrize("bad", ["2015-02-30", "yesterday", "1999-01-01", "2099-01-01", ""])
def test_bad_date_in_link_warns_and_falls_back(monkeypatch, bad):
    at = app(monkeypatch, date=bad)
    assert not at.exception
    assert at.slider[0].value == dt.date(2018, 5, 21)  # the end of the mini dataset
    assert len(at.warning) == 1 and "showing 2018-05-21 instead" in at.warning[0].value


def test_events_of_the_date_are_listed_with_sources(monkeypatch):
    at = app(monkeypatch, date="2018-05-04")
    text = " ".join(m.value for m in at.markdown)
    assert "incident" in text and "claim by Al-Naba" in text and "Kyle Orton" in text


def test_broken_data_shows_problems_not_a_traceback(monkeypatch, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((DATA / "mini.yaml").read_text().replace("lat: 34.5624", "lat: north"))
    at = app(monkeypatch, data=bad)
    assert not at.exception
    assert "cannot be used" in at.error[0].value
    assert f"{bad}:12:10: lat: should be a number" in at.code[0].value


def test_data_text_is_escaped(monkeypatch, tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text((DATA / "mini.yaml").read_text().replace("name: Palmyra", "name: \"<img src=x onerror=alert(1)>`${x}`\""))
    at = app(monkeypatch, data=evil, date="2015-06-01")
    assert not at.exception
    layer = map_args(at)["feature_group"]
    # HTML-escaped in the popup, then JSON-encoded by jinja's tojson (which also escapes & < > ')
    assert "<img" not in layer and "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;\\u0026#96;\\u0026#36;{x}" in layer


def test_layer_switches_live_in_the_url(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    assert '"k": "cell"' in map_args(at)["feature_group"]
    at.toggle(key="layer_territory").set_value(False).run()
    assert at.query_params["hide"] in (["territory"], "territory")
    layer = map_args(at)["feature_group"]
    assert '"k": "cell"' not in layer and '"k": "place"' in layer

    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    fresh.query_params["date"] = "2015-06-01"
    fresh.query_params["hide"] = "territory,fronts"
    fresh.run()
    assert fresh.toggle(key="layer_territory").value is False and fresh.toggle(key="layer_fronts").value is False
    assert '"k": "cell"' not in map_args(fresh)["feature_group"]


def test_area_figures_and_method_note_are_shown(monkeypatch):
    at = app(monkeypatch, date="2015-06-01")
    assert any("derived, not surveyed" in c.value for c in at.caption)
    figures = at.dataframe[0].value
    assert list(figures.columns) == ["actor", "km² held", "share"]
    assert "Islamic State" in set(figures["actor"])
