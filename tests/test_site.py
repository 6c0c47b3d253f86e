"""`python -m frontline site --out DIR`: a folder any static host can serve — its files, its links, that it
loads nothing from another host, and when it refuses to write."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from frontline.cli import main
from frontline.io.events import read_events
from frontline.io.site import MARKER, SITE_PATHS, is_site
from frontline.paths import DATA
from tests.frontline_cli import run

ROOT = Path(__file__).resolve().parents[1]
HAS_DATA_EXPORT = importlib.util.find_spec("frontline.io.data_export") is not None
TABLES = ("data/record.csv", "data/places.geojson", "data/places.csv")
PAGES = ("index.html", "map.html", "404.html")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The site of the shipped data, written by the CLI as a reader would run it."""
    out = tmp_path_factory.mktemp("site") / "public"
    result = run("site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def tags(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# What a page loads by itself (as opposed to a link a reader may follow).
RESOURCE_ATTRS = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
                  "frame": ("src",), "source": ("src", "srcset"), "audio": ("src",), "video": ("src", "poster"),
                  "track": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
                  "image": ("href", "xlink:href"), "use": ("href", "xlink:href")}
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(url\(\s*['"]?\s*(https?:)?//|@import\s+['"]?\s*(https?:)?//)""", re.IGNORECASE)


def remote_loads(path: Path) -> list[str]:
    page = tags(path)
    found = []
    for tag, attrs in page.tags:
        for name in RESOURCE_ATTRS.get(tag, ()):
            if REMOTE.match(attrs.get(name, "")):
                found.append(f"<{tag} {name}={attrs[name]!r}>")
        if CSS_REMOTE.search(attrs.get("style", "")):
            found.append(f"<{tag} style={attrs['style']!r}>")
    found += [f"<style> {m.group(0)}" for css in page.styles for m in CSS_REMOTE.finditer(css)]
    return found


def local_links(path: Path) -> list[str]:
    """The href/src of a page that are not http(s), mailto or a bare fragment."""
    out = []
    for _, attrs in tags(path).tags:
        for name in ("href", "src"):
            value = attrs.get(name)
            if value is None or value.startswith(("#", "data:", "mailto:")) or REMOTE.match(value):
                continue
            out.append(value)
    return out


# --- the folder ----------------------------------------------------------------------------------------------

def test_the_site_holds_the_pages_and_the_data(shipped):
    out, stdout = shipped
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {"index.html", "map.html", "404.html", "data/events.yaml"} | (set(TABLES) if HAS_DATA_EXPORT else set())
    assert names == expected
    assert names <= set(SITE_PATHS)
    assert (out / "data" / "events.yaml").read_bytes() == DATA.read_bytes()
    # One line per file written, then a summary; no temporary file left behind.
    lines = stdout.splitlines()
    assert sorted(line.split()[1] for line in lines[:-1]) == sorted(str(out / n) for n in names)
    assert lines[-1].startswith(f"site: {len(names)} files,")
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    # Readable by a web server running as another user.
    assert all(stat.S_IMODE((out / n).stat().st_mode) == 0o644 for n in names)


@pytest.mark.skipif(not HAS_DATA_EXPORT, reason="frontline.io.data_export is not there yet")
def test_the_data_tables_are_those_of_the_last_day(shipped):
    import json

    out, _ = shipped
    places = json.loads((out / "data" / "places.geojson").read_text(encoding="utf-8"))
    count = len(read_events(DATA).places)
    assert places["type"] == "FeatureCollection" and len(places["features"]) == count
    assert (out / "data" / "places.csv").read_text(encoding="utf-8").count("\n") >= count + 1
    assert (out / "data" / "record.csv").read_text(encoding="utf-8").startswith("date,")


def test_the_index_says_what_the_map_is_with_the_range_fingerprint_licence_and_citation(shipped):
    out, _ = shipped
    html = (out / "index.html").read_text(encoding="utf-8")
    assert MARKER in html and is_site(out)
    assert "derived from the places" in html
    end = read_events(DATA).end  # the record's last day, as the data says
    assert "15 March 2011" in html and f"{end.day} {end:%B %Y}" in html
    assert f"sha256:{hashlib.sha256(DATA.read_bytes()).hexdigest()}" in html
    assert "CC BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert "How to cite" in html and "Frontline contributors" in html
    assert '<a class="open" href="map.html">' in html
    assert 'href="map.html#date=2016-12-22"' in html  # a key moment, opened through the fragment
    assert "<script" not in html  # plain HTML


def test_every_link_of_the_pages_resolves_to_a_file_of_the_site(shipped):
    out, _ = shipped
    links = local_links(out / "index.html") + local_links(out / "404.html")
    assert "map.html" in links and "data/events.yaml" in links and "index.html" in links
    for link in links:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc and not parts.query, link
        target = (out / unquote(parts.path)).resolve()
        assert target.is_file() and target.is_relative_to(out.resolve()), link
        if parts.fragment:
            assert re.fullmatch(r"date=\d{4}-\d{2}-\d{2}", parts.fragment) and parts.path == "map.html", link
    if HAS_DATA_EXPORT:
        assert set(TABLES) <= set(links)


@pytest.mark.parametrize("page", PAGES)
def test_no_page_loads_anything_from_another_host(shipped, page):
    out, _ = shipped
    assert remote_loads(out / page) == []


def test_the_check_for_remote_loads_finds_them(tmp_path):
    """The check the test above relies on."""
    page = tmp_path / "p.html"
    page.write_text('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn.example/x.css">'
                    '<img src="http://x.example/a.png"><div style="background:url(https://x.example/b.png)"></div>'
                    '<style>@import "https://x.example/c.css";</style><a href="https://example.org/">fine</a>'
                    '<img src="images/local.png">')
    assert len(remote_loads(page)) == 5


def test_a_rebuild_from_the_same_data_gives_the_same_pages_and_data(tmp_path, mini_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["site", "--out", str(first), "--data", str(mini_path)]) == 0
    assert main(["site", "--out", str(second), "--data", str(mini_path)]) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    # folium names the map's elements at random: map.html differs in those ids only (its length is the same).
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == [Path("map.html")]
    assert len((first / "map.html").read_bytes()) == len((second / "map.html").read_bytes())
    assert (first / "data" / "events.yaml").read_bytes() == mini_path.read_bytes()


def test_a_dataset_without_key_moments_links_its_first_and_last_days(tmp_path, mini_text):
    data = tmp_path / "quiet.yaml"
    data.write_text(mini_text.replace("palmyra", "tadmur"))  # no key moment matches any more
    out = tmp_path / "site"
    assert main(["site", "--out", str(out), "--data", str(data)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="map.html#date=2011-03-15"' in html and 'href="map.html#date=2018-05-21"' in html


# --- refusing to write ---------------------------------------------------------------------------------------

def test_a_folder_with_other_files_is_refused_with_exit_2_unless_forced(tmp_path, mini_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = run("site", "--out", str(out), "--data", str(mini_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not empty" in result.stderr and "--force" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]

    result = run("site", "--out", str(out), "--data", str(mini_path), "--force")
    assert result.returncode == 0, result.stderr
    assert (out / "notes.txt").read_text() == "keep me" and is_site(out)


def test_a_previous_site_is_rebuilt_in_place_and_an_empty_folder_is_used(tmp_path, mini_path, capsys):
    out = tmp_path / "public"
    out.mkdir()
    assert main(["site", "--out", str(out), "--data", str(mini_path)]) == 0  # empty: fine
    (out / "CNAME").write_text("maps.example.org\n")  # a host's own file beside the site
    assert main(["site", "--out", str(out), "--data", str(mini_path)]) == 0  # a Frontline site: fine
    assert (out / "CNAME").exists()
    assert "wrote" in capsys.readouterr().out


def test_an_index_without_the_marker_is_not_a_site(tmp_path, mini_path, capsys):
    out = tmp_path / "other"
    out.mkdir()
    (out / "index.html").write_text("<!DOCTYPE html><title>Someone else's site</title>")
    assert main(["site", "--out", str(out), "--data", str(mini_path)]) == 2
    assert "Someone else's site" in (out / "index.html").read_text()
    assert capsys.readouterr().err.startswith("error: ")


def test_a_file_for_a_folder_is_a_usage_error(tmp_path, mini_path, capsys):
    out = tmp_path / "site.html"
    out.write_text("x")
    assert main(["site", "--out", str(out), "--data", str(mini_path)]) == 2
    assert out.read_text() == "x" and "not a folder" in capsys.readouterr().err


def test_the_site_never_writes_over_the_data_file_it_reads(tmp_path, mini_path, capsys):
    out = tmp_path / "public"
    assert main(["site", "--out", str(out), "--data", str(mini_path)]) == 0
    own = out / "data" / "events.yaml"
    before = own.stat().st_mtime_ns
    assert main(["site", "--out", str(out), "--data", str(own)]) == 2
    assert own.stat().st_mtime_ns == before and "data file" in capsys.readouterr().err


def test_an_unwritable_folder_exits_3(tmp_path, mini_path):
    if os.getuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        out = blocker / "public"  # a folder under a file: cannot be created, even by root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        out = locked / "public"
    result = run("site", "--out", str(out), "--data", str(mini_path))
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_bad_data_exits_1_and_writes_nothing(tmp_path, mini_text):
    data = tmp_path / "bad.yaml"
    data.write_text(mini_text.replace("lat: 34.5624", "lat: north"))
    out = tmp_path / "public"
    result = run("site", "--out", str(out), "--data", str(data))
    assert result.returncode == 1 and not out.exists()


def test_a_data_file_changed_while_building_is_refused(tmp_path, mini_path, mini_text):
    from frontline.frames import Atlas
    from frontline.io.boundaries import read_countries, subject_shapes
    from frontline.io.events import read_events
    from frontline.io.site import build_site
    from frontline.timeline import Timeline

    data = tmp_path / "events.yaml"
    data.write_text(mini_text)
    shapes = subject_shapes(read_countries())
    atlas = Atlas(Timeline(read_events(str(data), countries=shapes)), shapes)
    data.write_text(mini_text + "\n# edited\n")
    with pytest.raises(OSError, match="changed while the site was being built"):
        build_site(atlas, data, tmp_path / "public", read_countries())
    assert not (tmp_path / "public" / "index.html").exists()
