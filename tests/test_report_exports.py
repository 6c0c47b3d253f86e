"""Exports a newsroom can publish: what you see (date, view, layers), report-ready at any width, named SVG
layers, animations, batches and the report pack — on the shipped data."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frontline.cartography import FRONT_COLOR
from frontline.frames import Atlas
from frontline.io import series
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.export import _figure, map_pixels, static_map
from frontline.io.report_pack import pack_names, report_zip
from frontline.paths import DATA
from frontline.timeline import Timeline
from frontline.views import WebView, bbox_of_view, region, view_of_bbox
from tests.frontline_cli import run

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2016, 12, 22)


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events(DATA, countries=shapes)), shapes)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def near(image: np.ndarray, colour: str, tolerance: int = 12) -> int:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image - rgb).max(axis=2) <= tolerance).sum())


def test_hidden_fronts_leave_no_front_pixels_and_no_legend_entry(atlas):
    shown = static_map(atlas, DAY, read_countries(), "png")
    hidden = static_map(atlas, DAY, read_countries(), "png", hidden=("fronts",))
    assert near(pixels(shown), FRONT_COLOR) > 500
    assert near(pixels(hidden), FRONT_COLOR) == 0
    svg = static_map(atlas, DAY, read_countries(), "svg", hidden=("fronts",)).decode()
    assert ">front line<" not in svg and 'id="fronts"' not in svg


def test_an_export_of_the_aleppo_region_names_aleppo_and_points_north(atlas):
    svg = static_map(atlas, DAY, read_countries(), "svg", bbox=region("aleppo")).decode()
    texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    assert "Aleppo" in texts and 'id="label-aleppo"' in svg
    assert 'id="north-arrow"' in svg and 'id="scale-bar"' in svg
    whole = static_map(atlas, DAY, read_countries(), "svg").decode()
    assert 'id="north-arrow"' not in whole and 'id="scale-bar"' in whole


def test_the_svg_layers_are_named_groups(atlas):
    svg = static_map(atlas, DAY, read_countries(), "svg").decode()
    for layer in ("territory", "fronts", "places", "labels", "legend", "title", "source"):
        assert f'<g id="{layer}"' in svg, layer


@pytest.mark.parametrize("width", [600, 4000])
def test_title_legend_and_source_line_are_whole_at_any_width(atlas, width):
    import matplotlib.pyplot as plt

    fig = _figure(atlas, DAY, read_countries(), width, None, (), "A long title for a report on the war", "Subtitle",
                  "https://example.org/?date=2016-12-22&view=34.8000,41.5000,6", dated=True)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        page = fig.bbox
        assert round(page.width) == width
        for gid in ("title", "subtitle", "legend", "source"):
            (artist,) = fig.findobj(lambda a, gid=gid: a.get_gid() == gid)
            box = artist.get_window_extent(renderer)
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, (gid, box)
    finally:
        plt.close(fig)


def test_the_source_line_names_the_dataset_the_caveat_and_the_permalink(atlas):
    link = "https://frontline.example/?date=2016-12-22&hide=fronts"
    svg = static_map(atlas, DAY, read_countries(), "svg", permalink=link).decode()
    source = svg[svg.index('<g id="source"'):]
    text = " ".join(re.sub(r"<[^>]+>", " ", source[: source.index("</g>\n  </g>") if "</g>\n  </g>" in source else 4000]).split())
    assert "Frontline dataset" in text and "derived from the places" in text
    assert "https://frontline.example/?date=2016-12-22&amp;hide=fronts" in svg or link in text


def test_a_view_and_its_box_agree():
    box = bbox_of_view(WebView(36.2, 37.15, 9), 1200, 800)
    assert box[0] < 37.15 < box[2] and box[1] < 36.2 < box[3]
    lat, lon, zoom = view_of_bbox(region("aleppo"))
    shown = bbox_of_view(WebView(lat, lon, zoom), 1200, 800)
    aleppo = region("aleppo")
    assert shown[0] <= aleppo[0] and shown[2] >= aleppo[2] and shown[1] <= aleppo[1] and shown[3] >= aleppo[3]


def test_a_series_draws_each_distinct_map_once_and_stamps_every_date(atlas, monkeypatch):
    dates = series.dates_between(dt.date(2016, 1, 1), dt.date(2016, 3, 31), "week")
    assert len(dates) == 13 and dates[-1] == dt.date(2016, 3, 25)
    drawn = []
    real = map_pixels

    def counting(*args, **kwargs):
        drawn.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr("frontline.io.export.map_pixels", counting)
    frames = list(series.frames(atlas, dates, read_countries(), width_px=600))
    assert len(frames) == len(dates)
    assert len(drawn) == len({series.map_key(atlas, d) for d in dates}) < len(dates) + 1
    first = series.stamp(real(atlas, dates[0], read_countries(), width_px=600), dates[0])
    assert np.array_equal(frames[0], first)
    assert not np.array_equal(frames[0][:60, -300:], frames[1][:60, -300:])  # the stamped dates differ


def test_monthly_dates_keep_the_day_and_clip_to_the_months_end():
    assert series.dates_between(dt.date(2016, 1, 31), dt.date(2016, 4, 30), "month") == [
        dt.date(2016, 1, 31), dt.date(2016, 2, 29), dt.date(2016, 3, 31), dt.date(2016, 4, 30)]


def test_gif_and_mp4_hold_one_frame_per_date(atlas):
    import imageio_ffmpeg

    dates = series.dates_between(dt.date(2016, 11, 1), dt.date(2016, 12, 31), "week")
    gif = series.gif(series.frames(atlas, dates, read_countries(), width_px=600))
    image = Image.open(io.BytesIO(gif))
    assert image.n_frames == len(dates)
    image.seek(image.n_frames - 1)
    last = np.asarray(image.convert("RGB")).astype(int)
    expected = series.stamp(map_pixels(atlas, dates[-1], read_countries(), width_px=600), dates[-1]).astype(int)
    assert np.abs(last - expected).mean() < 6  # the last date's map, up to the GIF's 256 colours
    mp4 = series.mp4(series.frames(atlas, dates, read_countries(), width_px=600))
    path = Path(__file__).parent / ".." / ".cache"
    path.mkdir(exist_ok=True)
    out = path / "test.mp4"
    out.write_bytes(mp4)
    try:
        n, _ = imageio_ffmpeg.count_frames_and_secs(str(out))
    finally:
        out.unlink()
    assert n == len(dates) and mp4[4:8] == b"ftyp"


def test_the_report_pack_holds_the_five_files(atlas):
    link = "https://frontline.example/?date=2016-12-22"
    data = report_zip(atlas, DAY, read_countries(), bbox=region("aleppo"), permalink=link, width_px=800)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == pack_names(DAY)
    png, pdf, geojson, citations, readme = (archive.read(n) for n in pack_names(DAY))
    assert png.startswith(b"\x89PNG") and pdf.startswith(b"%PDF") and geojson.startswith(b"{")
    assert link in readme.decode() and "How to cite" in readme.decode()
    rows = citations.decode().splitlines()
    assert rows[0].startswith("source_id,publisher") and len(rows) > 5
    assert "Aleppo" in citations.decode()


def test_the_cli_writes_one_file_per_month_with_a_progress_bar(tmp_path, mini_path):
    out = tmp_path / "maps"
    result = run("export", "--data", str(mini_path), "--from", "2015-01-01", "--to", "2015-06-30", "--every", "month",
                 "--out-dir", str(out), "--width", "600")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"frontline-2015-0{m}-01.png" for m in range(1, 7)]
    assert "6/6" in result.stderr and "wrote 6 png files" in result.stdout


def test_the_cli_makes_a_gif_of_a_range(tmp_path, mini_path):
    out = tmp_path / "palmyra.gif"
    result = run("export", "--data", str(mini_path), "--from", "2015-05-01", "--to", "2015-06-30", "--every", "week",
                 "--out", str(out), "--width", "600")
    assert result.returncode == 0, result.stderr
    assert Image.open(out).n_frames == 9
    missing = run("export", "--data", str(mini_path), "--out", str(tmp_path / "x.gif"))
    assert missing.returncode == 2 and "--from" in missing.stderr


def test_every_export_cites_the_datasets_release(atlas):
    dataset = atlas.timeline.dataset
    assert dataset.version and dataset.released
    svg = static_map(atlas, DAY, read_countries(), "svg").decode()
    assert f"Frontline dataset v{dataset.version}, released {dataset.released.isoformat()}" in svg
