"""The data of a date as GeoJSON, GeoPackage and CSV, and the whole record as CSV: what they hold matches the
timeline and the frames, they round-trip through geopandas and the csv module, and a spreadsheet cannot take
a note for a formula."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import json
import tempfile

import geopandas as gpd
import pyogrio
import pytest
import shapely

from frontline.frames import Atlas
from frontline.io import data_export
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.data_export import (
    csv_safe,
    fronts_geojson,
    geojson,
    gpkg,
    places_csv,
    places_geojson,
    record_csv,
    territory_geojson,
)
from frontline.io.events import parse_events, read_events
from frontline.paths import DATA
from frontline.territory import to_projected
from frontline.timeline import Timeline

SHAPES = subject_shapes(read_countries())
D = dt.date.fromisoformat
SHIPPED_DATES = [D("2011-03-20"), D("2014-08-15"), D("2016-12-22"), D("2019-10-20")]
HYPERLINK = '=HYPERLINK("http://example.com/x","click me")'


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas(Timeline(read_events(DATA, countries=SHAPES)), SHAPES)


@pytest.fixture(scope="module")
def mini(mini_path) -> Atlas:
    return Atlas(Timeline(read_events(str(mini_path), countries=SHAPES)), SHAPES)


@pytest.fixture(scope="module")
def hostile(mini_text) -> Atlas:
    """The mini fixture with a formula as the note of Palmyra's capture and a place name starting with '@'."""
    text = mini_text.replace("precision: day, sources: [ynet-2015-05-22]}",
                             f"precision: day, sources: [ynet-2015-05-22], note: '{HYPERLINK}'}}")
    text = text.replace("name: Yarmouk Camp", 'name: "@Yarmouk\\tCamp"')
    assert HYPERLINK in text and "@Yarmouk" in text
    return Atlas(Timeline(parse_events(text.encode(), "hostile.yaml", SHAPES)), SHAPES)


def controllers_on(atlas: Atlas, date: dt.date) -> dict[str, str]:
    timeline = atlas.timeline
    state = timeline.state_at(date)
    return {p: timeline.actor_ids[state.controller[i]] for i, p in enumerate(timeline.place_ids)}


def read_gpkg(data: bytes, tmp_path, layer: str) -> gpd.GeoDataFrame:
    path = tmp_path / f"read-{layer}.gpkg"
    path.write_bytes(data)
    return gpd.read_file(path, layer=layer)


def parse_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def pair(left: str, right: str) -> frozenset[str]:
    return frozenset((left, right))


# --- places ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("date", SHIPPED_DATES[1:])
def test_shipped_places_round_trip_with_the_timeline_controllers(shipped, tmp_path, date):
    expected = controllers_on(shipped, date)
    alone = gpd.read_file(io.BytesIO(places_geojson(shipped, date)))
    combined = gpd.read_file(io.BytesIO(geojson(shipped, date)))
    combined = combined[combined["layer"] == "places"]
    packaged = read_gpkg(gpkg(shipped, date), tmp_path, "places")
    for frame in (alone, combined, packaged):
        assert frame.crs.to_epsg() == 4326
        assert dict(zip(frame["id"], frame["controller"], strict=True)) == expected
        assert set(frame.geom_type) == {"Point"}
    places = shipped.timeline.dataset.places
    for pid, point in zip(packaged["id"], packaged.geometry, strict=True):
        assert (point.x, point.y) == pytest.approx((places[pid].lon, places[pid].lat))
    table = parse_csv(places_csv(shipped, date))
    assert {r["id"]: r["controller"] for r in table} == expected


def test_mini_places_carry_the_deciding_event_and_its_sources(mini, tmp_path):
    date = D("2015-06-01")
    features = {f["properties"]["id"]: f for f in json.loads(places_geojson(mini, date))["features"]}
    palmyra = features["palmyra"]["properties"]
    assert palmyra["controller"] == "isis" and palmyra["controller_name"] == "Islamic State"
    assert palmyra["aliases"] == "Tadmur; Tadmor" and palmyra["kind"] == "city" and palmyra["country"] == "SY"
    assert (palmyra["since"], palmyra["event_date"], palmyra["event_kind"], palmyra["event_precision"]) == (
        "2015-05-21", "2015-05-21", "capture", "day")
    assert palmyra["sources"] == ("Ynetnews, “Caught between rebels and Islamic State, Assad losing more ground in "
                                  "Syria”, 2015-05-22")
    assert palmyra["source_ids"] == "ynet-2015-05-22"
    assert features["palmyra"]["geometry"] == {"type": "Point", "coordinates": [38.284, 34.5624]}
    erbil = features["erbil"]["properties"]  # still at its baseline: no deciding event
    assert erbil["controller"] == "peshmerga" and erbil["since"] == "2011-03-15"
    assert all(erbil[k] == "" for k in ("event_date", "event_kind", "event_precision", "event_note", "sources",
                                        "source_ids"))
    packaged = read_gpkg(gpkg(mini, date), tmp_path, "places").set_index("id")
    assert packaged.loc["palmyra", "sources"] == palmyra["sources"]
    assert packaged.loc["erbil", "event_kind"] in ("", None)
    row = {r["id"]: r for r in parse_csv(places_csv(mini, date))}["palmyra"]
    assert (float(row["lat"]), float(row["lon"])) == (34.5624, 38.284) and row["sources"] == palmyra["sources"]


def test_text_stays_utf8_text(mini):
    data = places_geojson(mini, D("2015-06-01"))
    assert "“Caught between".encode() in data and b"\\u201c" not in data  # not escaped, not mangled
    assert places_csv(mini, D("2015-06-01")).startswith(b"id,name,")  # no BOM


# --- territory and fronts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("date", SHIPPED_DATES)
def test_shipped_territory_is_one_multipolygon_per_actor_with_the_frames_areas(shipped, tmp_path, date):
    frames = shipped.frames_at(date)
    areas = frames.areas_km2
    territory = gpd.read_file(io.BytesIO(territory_geojson(shipped, date)))
    packaged = read_gpkg(gpkg(shipped, date), tmp_path, "territory")
    for frame in (territory, packaged):
        assert sorted(frame["controller"]) == sorted(areas)  # one row per actor holding land
        assert set(frame.geom_type) == {"MultiPolygon"}
        for actor, area, geom in zip(frame["controller"], frame["area_km2"], frame.geometry, strict=True):
            assert area == pytest.approx(areas[actor], rel=0.005)
            assert shapely.area(to_projected(geom)) / 1e6 == pytest.approx(areas[actor], rel=0.005)
        assert all("beyond" in note and "derived from the places" in note for note in frame["note"])
    assert dict(zip(territory["controller"], territory["color"], strict=True)) == {
        a: shipped.timeline.dataset.actors[a].color for a in areas}


@pytest.mark.parametrize("date", SHIPPED_DATES)
def test_shipped_fronts_only_between_actors_at_war_and_merged_per_pair(shipped, tmp_path, date):
    ds = shipped.timeline.dataset
    frames = shipped.frames_at(date)
    quiet = ds.quiet_pairs(date)
    lines = gpd.read_file(io.BytesIO(fronts_geojson(shipped, date)))
    packaged = read_gpkg(gpkg(shipped, date), tmp_path, "fronts")
    for frame in (lines, packaged):
        keys = [(k, pair(a, b)) for k, a, b in zip(frame["kind"], frame["left"], frame["right"], strict=True)]
        assert len(keys) == len(set(keys))  # one line per pair and kind
        assert {p for k, p in keys if k == "front"} == {pair(*p) for p in zip(frames.fronts["left"],
                                                                                frames.fronts["right"])}
        assert {p for k, p in keys if k == "quiet"} == {pair(*p) for p in zip(frames.quiet_borders["left"],
                                                                                frames.quiet_borders["right"])}
        assert all((p in quiet) == (k == "quiet") for k, p in keys)
        assert set(frame.geom_type) <= {"MultiLineString"}
    # Merging loses no edge: the merged lines are as long as the edges they were made of.
    for kind, edges in (("front", frames.fronts), ("quiet", frames.quiet_borders)):
        merged = lines[lines["kind"] == kind]
        expected = shapely.length(to_projected(edges.geometry.values)).sum() / 1000
        assert merged["length_km"].sum() == pytest.approx(expected, rel=0.005, abs=0.01)


def test_shipped_iraqi_government_and_peshmerga_share_only_a_quiet_line_in_2011(shipped):
    lines = gpd.read_file(io.BytesIO(fronts_geojson(shipped, D("2011-03-20"))))
    kinds = [k for k, a, b in zip(lines["kind"], lines["left"], lines["right"], strict=True)
             if pair(a, b) == pair("iraqi_government", "peshmerga")]
    assert kinds == ["quiet"]


def test_the_combined_geojson_tags_each_feature_with_its_layer(shipped):
    date = D("2016-12-22")
    doc = json.loads(geojson(shipped, date))
    assert doc["type"] == "FeatureCollection" and doc["date"] == "2016-12-22"
    layers = [f["properties"]["layer"] for f in doc["features"]]
    assert layers == sorted(layers, key=data_export.LAYERS.index)  # territory, then fronts, then places on top
    counts = collections.Counter(layers)
    assert counts["places"] == len(shipped.timeline.place_ids)
    assert counts["territory"] == len(shipped.frames_at(date).areas_km2)
    assert counts["fronts"] == len(json.loads(fronts_geojson(shipped, date))["features"])


def test_the_geopackage_has_three_layers_and_leaves_no_temporary(mini, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    data = gpkg(mini, D("2015-06-01"))
    assert data.startswith(b"SQLite format 3\x00") and not list(scratch.iterdir())
    path = tmp_path / "mini.gpkg"
    path.write_bytes(data)
    assert {name for name, _ in pyogrio.list_layers(path)} == {"places", "territory", "fronts"}


def test_a_date_without_fronts_still_writes_every_layer(tmp_path):
    """One actor holds everything: no front, no quiet line; the layers are there, empty."""
    text = "\n".join([
        "actors:", '  a: {name: A, color: "#d7301f"}', "places:",
        "  p: {name: P, lat: 34.8, lon: 38.0, country: SY, kind: town}",
        "  q: {name: Q, lat: 34.8, lon: 38.5, country: SY, kind: town}",
        "sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}",
        "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events: []", ""])
    atlas = Atlas(Timeline(parse_events(text.encode(), "one.yaml")), SHAPES, reach_km=50.0)
    date = D("2015-01-01")
    path = tmp_path / "one.gpkg"
    path.write_bytes(gpkg(atlas, date))
    assert len(gpd.read_file(path, layer="fronts")) == 0 and len(gpd.read_file(path, layer="territory")) == 1
    assert json.loads(fronts_geojson(atlas, date))["features"] == []


# --- the record -----------------------------------------------------------------------------------------------

def event_key(date, place, controller, kind, status, order) -> tuple:
    return (str(date), place, controller, str(kind), str(status), int(order))


@pytest.mark.parametrize("which", ["mini", "shipped"])
def test_the_record_has_one_row_per_control_event_citing_each_source(which, mini, shipped):
    atlas = mini if which == "mini" else shipped
    ds = atlas.timeline.dataset
    data = record_csv(ds)
    assert data.startswith(b"date,precision,date_earliest,place,") and b"\r\n" in data
    rows = parse_csv(data)
    control = atlas.timeline.control_events
    assert len(rows) == len(control) and len(control) < len(ds.events)  # incidents excluded
    assert collections.Counter(event_key(r["date"], r["place"], r["controller"], r["kind"], r["status"], r["order"])
                               for r in rows) == collections.Counter(
        event_key(e.date, e.place, e.controller, e.kind.value, e.status.value, e.order) for e in control)
    assert "incident" not in {r["kind"] for r in rows}
    for row in rows:
        ids = row["source_ids"].split("; ")
        assert ids and all(s in ds.sources for s in ids)
        for sid in ids:
            source = ds.sources[sid]
            assert source.citation in row["sources"]
            assert source.publisher in row["sources"] and source.date.isoformat() in row["sources"]
            assert not source.url or source.url in row["sources"]
        assert row["place_name"] == ds.places[row["place"]].name


def test_the_mini_record_keeps_same_day_order_and_notes(mini):
    rows = [r for r in parse_csv(record_csv(mini.timeline.dataset)) if r["date"] == "2018-04-30"]
    assert [(r["controller"], r["order"], r["status"]) for r in rows] == [("nusra_hts", "1", "held"),
                                                                           ("isis", "2", "besieged")]
    assert rows[0]["note"] == "Same-day ordering test." and rows[0]["kind"] == "deal"


# --- formula injection ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", HYPERLINK])
def test_cells_that_look_like_formulas_get_a_quote(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Palmyra", "", "1+1", " =x", 3, -2.5, None])
def test_other_cells_are_left_alone(value):
    assert csv_safe(value) == value


def test_a_formula_in_the_data_reaches_the_csv_as_text(hostile):
    ds = hostile.timeline.dataset
    record = parse_csv(record_csv(ds))
    capture = next(r for r in record if r["place"] == "palmyra" and r["date"] == "2015-05-21")
    assert capture["note"] == "'" + HYPERLINK
    assert {r["place_name"] for r in record if r["place"] == "yarmouk_camp"} == {"'@Yarmouk\tCamp"}
    places = {r["id"]: r for r in parse_csv(places_csv(hostile, D("2015-06-01")))}
    assert places["palmyra"]["event_note"] == "'" + HYPERLINK
    assert places["yarmouk_camp"]["name"] == "'@Yarmouk\tCamp"
    # GeoJSON is not a spreadsheet: there the note is the note.
    features = {f["properties"]["id"]: f["properties"] for f in json.loads(places_geojson(hostile, D("2015-06-01")))[
        "features"]}
    assert features["palmyra"]["event_note"] == HYPERLINK


def test_numbers_are_not_defused(hostile):
    rows = parse_csv(places_csv(hostile, D("2015-06-01")))
    places = hostile.timeline.dataset.places
    assert all((float(r["lat"]), float(r["lon"])) == (places[r["id"]].lat, places[r["id"]].lon) for r in rows)
