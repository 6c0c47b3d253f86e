"""A static site of the map: a folder any static host or CDN can serve, with no server code.

`build_site` writes `index.html` (a landing page: what the map shows, the dataset's range and fingerprint,
the downloads, the licence and how to cite), `map.html` (the self-contained interactive map; its date is kept
in the URL fragment, so `map.html#date=2016-12-22` is a permalink), `404.html` and `data/` (the data file read,
and the tables of `frontline.io.data_export` when that module is available). Every page is plain HTML with
inline CSS: it loads nothing from another host. The output depends only on its inputs (no build time is
written), so a rebuild from the same data gives the same pages and data (map.html differs only in the
random ids folium gives its elements).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from frontline import __version__
from frontline.dates import long_date
from frontline.frames import Atlas
from frontline.io.export import engine_documents, interactive_html, write_atomically
from frontline.render.text import escape

GENERATOR = "Frontline site"
MARKER = f'<meta name="generator" content="{GENERATOR}">'
TITLE = "Frontline — who held what in Syria and Iraq"
CITATION_TITLE = "Frontline dataset of control in Syria and Iraq"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SITE_PATHS = ("index.html", "map.html", "404.html", "data/events.yaml", "data/record.csv", "data/places.geojson",
              "data/places.csv")  # every file build_site may write, relative to its folder
FILE_MODE = 0o644  # readable by the web server's user (write_atomically's temporary files are 0600)


@dataclass(frozen=True)
class _Download:
    name: str  # the path inside the site, e.g. data/events.yaml
    what: str  # one sentence, plain text


def is_site(folder: str | Path) -> bool:
    """Does `folder` hold a site written by `build_site` (its index.html carries the generator marker)?"""
    try:
        with open(Path(folder) / "index.html", "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return MARKER.encode() in head


def build_site(atlas: Atlas, data_path: str | Path, out_dir: str | Path,
               countries: gpd.GeoDataFrame) -> list[Path]:
    """Write the static site of `atlas` (read from `data_path`) into `out_dir` and return the files written.

    `out_dir` and `out_dir/data` are created if missing; files already there with other names are left alone.
    Raises OSError if the data file no longer has the bytes the atlas was read from (it changed meanwhile).
    """
    dataset = atlas.timeline.dataset
    out = Path(out_dir)
    raw = Path(data_path).read_bytes()
    if dataset.fingerprint and hashlib.sha256(raw).hexdigest() != dataset.fingerprint:
        raise OSError(f"{data_path} changed while the site was being built; build it again")
    fingerprint = dataset.fingerprint or hashlib.sha256(raw).hexdigest()

    files: dict[str, bytes] = {"data/events.yaml": raw}
    downloads = [_Download("data/events.yaml", "The record itself: actors, places with coordinates, sources and "
                                               "dated control events (YAML; its format is described in the "
                                               "project's data/README.md).")]
    for name, what, make in _tables(atlas):
        files[name] = _bytes(make())
        downloads.append(_Download(name, what))
    files["map.html"] = interactive_html(countries, engine_documents(atlas), dataset.end)
    files["index.html"] = _index(atlas, fingerprint, downloads, files).encode("utf-8")
    files["404.html"] = _not_found().encode("utf-8")

    (out / "data").mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("data/events.yaml", *sorted(n for n in files if n.startswith("data/") and n != "data/events.yaml"),
                 "map.html", "404.html", "index.html"):  # the index last: it marks a complete site
        path = out / name
        write_atomically(path, files[name])
        os.chmod(path, FILE_MODE)
        written.append(path)
    return written


def _tables(atlas: Atlas) -> list[tuple[str, str, Callable[[], bytes | str]]]:
    """The derived tables, when `frontline.io.data_export` is available: (site path, description, maker)."""
    try:
        from frontline.io import data_export
    except ImportError:
        return []
    dataset = atlas.timeline.dataset
    end = dataset.end
    tables = []
    if hasattr(data_export, "record_csv"):
        tables.append(("data/record.csv", "Every event of the record, one row each, with its sources (CSV).",
                       lambda: data_export.record_csv(dataset)))
    if hasattr(data_export, "places_geojson"):
        tables.append(("data/places.geojson", f"Every place and who held it on {long_date(end)}, the last day of "
                                              "the record (GeoJSON points).",
                       lambda: data_export.places_geojson(atlas, end)))
    if hasattr(data_export, "places_csv"):
        tables.append(("data/places.csv", f"The same places and holders on {long_date(end)} as a table (CSV).",
                       lambda: data_export.places_csv(atlas, end)))
    return tables


def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _examples(atlas: Atlas) -> list[tuple[dt.date, str]]:
    """A few dates to open the map on: the key moments the dataset records, else its first and last days."""
    from frontline.moments import key_moments

    dataset = atlas.timeline.dataset
    moments = [(m.date, m.title) for m in key_moments(dataset)]
    if moments:
        return moments
    return [(dataset.start, "The first day of the record"), (dataset.end, "The last day of the record")]


_STYLE = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b60; --line: #d9d9de; --accent: #9b1c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: #fbfbf8; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1 { font-size: 2.1rem; line-height: 1.15; margin: 0 0 .35rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; border-top: 1px solid var(--line); padding-top: 1.2rem; }
.lede { color: var(--muted); font-size: 1.1rem; margin: 0 0 1.4rem; }
a { color: var(--accent); }
a.open { display: inline-block; margin: 1rem 0 .5rem; padding: .9rem 1.6rem; border-radius: .5rem;
         background: var(--accent); color: #fff; font-size: 1.35rem; font-weight: 600; text-decoration: none;
         min-height: 44px; }
a.open:hover, a.open:focus { background: #7a1515; }
ul { padding-left: 1.2rem; }
li { margin: .3rem 0; }
.small { color: var(--muted); font-size: .92rem; }
code, .fingerprint { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em;
                     overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
blockquote { margin: .5rem 0; padding: .6rem .9rem; background: #f0f0ec; border-left: 3px solid var(--line); }
"""


def _page(title: str, body: str, generator: bool = False) -> str:
    meta = f"\n{MARKER}" if generator else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{meta}\n'
            f'<link rel="icon" href="data:,">\n<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n'
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _index(atlas: Atlas, fingerprint: str, downloads: list[_Download], files: dict[str, bytes]) -> str:
    dataset = atlas.timeline.dataset
    start, end = long_date(dataset.start), long_date(dataset.end)
    control = sum(1 for e in dataset.events if e.changes_control)
    examples = "\n".join(f'<li><a href="map.html#date={d.isoformat()}">{escape(long_date(d))}</a> — {escape(title)}</li>'
                         for d, title in _examples(atlas))
    items = "\n".join(f'<li><a href="{escape(d.name)}" download>{escape(d.name.rsplit("/", 1)[-1])}</a> '
                      f'<span class="small">({_size(len(files[d.name]))})</span> — {escape(d.what)}</li>'
                      for d in downloads)
    short = fingerprint[:12]
    body = f"""<h1>Frontline</h1>
<p class="lede">Who held what in Syria and Iraq, day by day, from {escape(start)} to {escape(end)}.</p>
<p>The map shows who controlled each of {len(dataset.places):,} towns, cities, bases, camps and crossings on any day
of the wars in Syria and Iraq, from {control:,} dated control events (captures, withdrawals, deals, sieges), each
citing its sources
({len(dataset.sources):,} in all). Press play and it replays the record; click a place for who held it, since when,
and the sources. <strong>The territory and the front lines are derived from the places</strong>: each place is given
the land nearer to it than to any other place, within {atlas.reach_km:.0f} km and inside its country, and front lines
are drawn where neighbouring places have different holders. It is a derivation from the places, not a survey of the
ground.</p>
<p><a class="open" href="map.html">Open the map</a><br>
<span class="small">One file ({_size(len(files["map.html"]))}) with the whole record: once it has loaded it needs no
connection.</span></p>

<h2>Open it on a date</h2>
<p>The map keeps the date it shows in its address (<code>map.html#date=YYYY-MM-DD</code>): copy it to link to that
day.</p>
<ul>
{examples}
</ul>

<h2>The data</h2>
<ul>
{items}
</ul>

<h2>This edition</h2>
<dl>
<dt>Dates</dt><dd>{escape(start)} to {escape(end)}</dd>
<dt>Record</dt><dd>{len(dataset.actors):,} actors, {len(dataset.places):,} places, {len(dataset.events):,} events,
{len(dataset.sources):,} sources</dd>
<dt>Fingerprint</dt><dd class="fingerprint" title="SHA-256 of data/events.yaml">sha256:{escape(fingerprint)}</dd>
<dt>Software</dt><dd>Frontline {escape(__version__)}; territory reach {atlas.reach_km:.0f} km</dd>
</dl>
<p class="small">The fingerprint is the SHA-256 of <a href="data/events.yaml">events.yaml</a>: two copies of the
data with the same fingerprint are the same data.</p>

<h2>Licence</h2>
<p>The data is licensed under <a href="{LICENCE_URL}" rel="license">Creative Commons Attribution 4.0 (CC BY 4.0)</a>.
Attribution: “Frontline contributors, {CITATION_TITLE}”, and, where you reproduce an event, the sources it cites.
Coordinates were checked against GeoNames (CC BY 4.0); country outlines are from Natural Earth (public domain);
the map is drawn with Leaflet (BSD-2-Clause). The code is MIT-licensed.</p>

<h2>How to cite</h2>
<blockquote>Frontline contributors. <em>{CITATION_TITLE}</em>, {escape(start)} – {escape(end)}
(events.yaml, sha256:{escape(short)}). CC BY 4.0.</blockquote>
<p class="small">Add the address where you found it and the date you looked; for a map of one day, link to
<code>map.html#date=YYYY-MM-DD</code>.</p>"""
    return _page(TITLE, body, generator=True)


def _not_found() -> str:
    body = """<h1>Not found</h1>
<p>There is no page at this address.</p>
<p><a class="open" href="index.html">Frontline: who held what in Syria and Iraq</a></p>
<p class="small">Or open <a href="map.html">the map</a> directly.</p>"""
    return _page("Not found — Frontline", body)
