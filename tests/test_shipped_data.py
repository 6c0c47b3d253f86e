"""The curation rules of data/README.md, enforced on the shipped data/events.yaml."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
import shapely

from frontline.frames import Atlas
from frontline.gazetteer import check_places
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.gazetteer import read_gazetteer
from frontline.model import Kind, PlaceKind
from frontline.paths import DATA
from frontline.timeline import Timeline

SHAPES = subject_shapes(read_countries())
SEEDS = {"000_db30c7e128e0e83c.txt", "001_29e901e2b4c80bf2.txt", "002_07485ae88c3bbad3.txt",
         "003_e1aede16270a3f65.txt", "004_e21b6f3c7d750e42.txt"}
REQUIRED_ACTORS = {"syrian_government", "iraqi_government", "isis", "rebels", "nusra_hts", "sdf", "peshmerga",
                   "turkey_sna"}


@pytest.fixture(scope="module")
def dataset():
    return read_events(DATA, countries=SHAPES)  # raises DataError listing every problem


@pytest.fixture(scope="module")
def timeline(dataset):
    return Timeline(dataset)


def test_counts_are_met(dataset):
    assert len(dataset.places) >= 300
    assert len(dataset.events) >= 800
    assert dataset.start == dt.date(2011, 3, 15) and dataset.end >= dt.date(2024, 12, 8)


def test_every_event_cites_an_existing_source_with_publisher_title_and_date(dataset):
    for event in dataset.events:
        assert event.sources, event
        for sid in event.sources:
            source = dataset.sources[sid]
            assert source.publisher and (source.title or source.description) and source.date


def test_no_orphans(dataset):
    """Every source is cited. A place without events is not an orphan: it holds its baseline throughout (places
    that never changed hands are folded into the baseline, not restated by filler statements)."""
    cited = ({s for e in dataset.events for s in e.sources} | {s for r in dataset.relations for s in r.sources}
             | {s for m in dataset.moments for s in m.sources})
    assert [s for s in dataset.sources if s not in cited] == []


def test_no_conflicting_same_day_events(dataset):
    by_day = defaultdict(list)
    for e in dataset.events:
        if e.kind is not Kind.INCIDENT:
            by_day[(e.place, e.date)].append(e)
    for events in by_day.values():
        orders = [e.order for e in events]
        agree = len({(e.controller, e.status) for e in events}) == 1
        assert agree or (len(set(orders)) == len(orders) and all(orders)), events


def test_every_place_is_inside_its_country(dataset):
    for place in dataset.places.values():
        point = shapely.Point(place.lon, place.lat)
        assert shapely.distance(SHAPES[place.country], point) < 0.05, place


def test_every_actor_used_is_defined_and_the_required_ones_exist(dataset):
    used = {e.controller for e in dataset.events if e.controller} | {p.baseline for p in dataset.places.values()
                                                                       if p.baseline}
    used |= {b.controller for b in dataset.baselines.values()}
    assert used <= set(dataset.actors)
    assert REQUIRED_ACTORS <= set(dataset.actors)


def test_the_five_seed_articles_are_cited(dataset):
    cited_files = {dataset.sources[s].file for e in dataset.events for s in e.sources}
    assert SEEDS <= cited_files


@pytest.fixture(scope="module")
def place_checks(dataset):
    return check_places(dataset, read_gazetteer())


# Places per governorate along the fronts (issue 11, item 4): floors at what the record holds, so density only
# grows. The goal of 1,100 Syrian and 400 Iraqi places is met (data 2026.11.30.9); a village needs a
# position (GeoNames cities500, a mark of Wikipedia's detailed-map modules, or one printed in a page read) and
# every change of hands sourced;
# data/review/open-questions.md lists, round by round, the villages whose histories could not be completed.
PLACE_FLOORS = {("SY", "Aleppo"): 425, ("SY", "Idlib"): 107, ("SY", "Hama"): 53, ("SY", "Latakia"): 46,
                ("SY", "Rif Dimashq"): 87, ("SY", "Daraa"): 57, ("SY", "Quneitra"): 23, ("SY", "Homs"): 73,
                ("SY", "Deir ez-Zor"): 79, ("SY", "Raqqa"): 74, ("SY", "Hasakah"): 44, ("SY", "Suwayda"): 27,
                ("IQ", "Nineveh"): 213, ("IQ", "Kirkuk"): 44, ("IQ", "Salahuddin"): 39, ("IQ", "Diyala"): 15,
                ("IQ", "Anbar"): 43, ("IQ", "Baghdad"): 7}


def test_places_per_governorate_along_the_fronts(dataset):
    counts = defaultdict(int)
    for place in dataset.places.values():
        counts[(place.country, place.governorate)] += 1
    assert {k: counts[k] for k in PLACE_FLOORS if counts[k] < PLACE_FLOORS[k]} == {}
    assert sum(n for (country, _), n in counts.items() if country == "SY") >= 1115
    assert sum(n for (country, _), n in counts.items() if country == "IQ") >= 434


def test_coordinates_match_geonames_or_say_why_not(place_checks):
    outliers = [c for c in place_checks if c.outlier]
    assert outliers == []


def test_places_geonames_names_carry_its_arabic_names(place_checks):
    """Issue 11: Arabic-script names as aliases where the registry-installed gazetteer has them."""
    matched = [c for c in place_checks if c.same_name_row is not None]
    assert len(matched) >= 270
    assert [(c.place.id, c.arabic_missing) for c in matched if c.arabic_missing] == []
    assert sum(any(not a.isascii() for a in c.place.aliases) for c in matched) >= 250


def test_no_day_is_invented_for_month_precision(dataset):
    for event in dataset.events:
        if event.precision.value == "month":
            assert event.date.day == 1, event


@pytest.mark.parametrize(
    "place, date, controller",
    [
        ("palmyra", "2015-06-01", "isis"),
        ("palmyra", "2016-04-15", "syrian_government"),
        ("palmyra", "2017-01-15", "isis"),
        ("palmyra", "2017-06-01", "syrian_government"),
        ("al_qaryatain", "2016-04-10", "syrian_government"),
        ("mosul", "2014-07-01", "isis"),
        ("mosul", "2017-08-01", "iraqi_government"),
        ("raqqa", "2016-01-01", "isis"),
        ("raqqa", "2018-01-01", "sdf"),
        ("ramadi", "2015-06-01", "isis"),
        ("ramadi", "2016-03-01", "iraqi_government"),
        ("kobani", "2015-03-01", "sdf"),
        ("aleppo", "2024-12-05", "nusra_hts"),
        ("afrin", "2018-04-01", "turkey_sna"),
        ("idlib", "2015-04-15", "nusra_hts"),
        ("busra_al_sham", "2015-04-15", "rebels"),
        ("yarmouk_camp", "2018-06-01", "syrian_government"),
        ("kirkuk", "2015-01-01", "peshmerga"),
        ("kirkuk", "2017-11-01", "iraqi_government"),
        ("baghuz", "2019-04-01", "sdf"),
        ("damascus", "2024-12-10", "nusra_hts"),
    ],
)
def test_landmarks_of_the_wars(timeline, place, date, controller):
    """Control on dates any reader of the news would recognise."""
    state = timeline.state_at(dt.date.fromisoformat(date))
    assert timeline.controller_of(state, place) == controller


def test_at_the_end_of_the_record_no_place_is_held_by_the_fallen(dataset, timeline):
    """By the record's last day the Assad government had fallen (8 December 2024) and ISIS held no town in
    either country (Baghuz, March 2019): a place still shown under either has a change of hands missing. The
    places added village by village (issue 11) must each carry their December 2024 step."""
    state = timeline.state_at(dataset.end)
    left = sorted((timeline.controller_of(state, p), p) for p, place in dataset.places.items()
                  if timeline.controller_of(state, p) == "isis"
                  or (place.country == "SY" and timeline.controller_of(state, p) == "syrian_government"))
    assert left == []


# --- sourcing and dating rules (data/README.md, "Sources a journalist can open") ---------------------------

def _control_events(dataset):
    return [e for e in dataset.events if e.kind is not Kind.INCIDENT]


def _encyclopedic(source) -> bool:
    return "wikipedia" in source.publisher.lower() or "wikipedia.org" in source.url


def test_nine_sources_in_ten_open(dataset):
    """A URL on at least 90% of the sources (each one read when it was cited)."""
    with_url = [s for s in dataset.sources.values() if s.url.startswith(("http://", "https://"))]
    assert len(with_url) >= 0.9 * len(dataset.sources), f"{len(with_url)} of {len(dataset.sources)} have a URL"


def test_at_most_one_control_event_in_ten_rests_on_an_encyclopedia_alone(dataset):
    events = _control_events(dataset)
    alone = [e for e in events if all(_encyclopedic(dataset.sources[s]) for s in e.sources)]
    assert len(alone) <= 0.10 * len(events), f"{len(alone)} of {len(events)}"


def test_at_most_one_control_event_in_four_is_approximate(dataset):
    events = _control_events(dataset)
    approx = [e for e in events if e.precision.value == "approx"]
    assert len(approx) <= 0.25 * len(events), f"{len(approx)} of {len(events)}"


def test_every_source_says_its_leaning_and_the_partisan_rule_holds(dataset):
    """The loader refuses a change resting on partisan sources alone unless it is their own side's loss; here:
    the shipped record has partisan sources, and each actor says which leanings speak for it."""
    leanings = {s.leaning for s in dataset.sources.values()}
    assert "neutral" in leanings and len(leanings) >= 6
    for actor in REQUIRED_ACTORS:
        assert dataset.actors[actor].leanings, actor


def test_uncertain_days_are_windows_and_no_day_is_a_dump_of_guesses(dataset):
    """Windows are honest (first day before last), and no single day carries more than 35 approximate
    changes — the placeholder days (53 places on 2014-06-30, 91 on 2024-12-08) are gone."""
    windows = [e for e in dataset.events if e.earliest is not None]
    assert len(windows) >= 100
    assert all(e.earliest < e.date and e.precision.value == "window" for e in windows)
    per_day = defaultdict(int)
    for e in dataset.events:
        if e.precision.value == "approx":
            per_day[e.date] += 1
    assert max(per_day.values()) <= 35, sorted(per_day.items(), key=lambda kv: -kv[1])[:5]


VERIFIED = DATA.parent.parent / "tests" / "data" / "verified_changes.csv"


def _verified() -> list[dict]:
    import csv

    with VERIFIED.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_verification_table_is_sourced_and_spread_over_the_war():
    """tests/data/verified_changes.csv: changes of hands dated to the day by a report (its URL and publisher, or
    the site's domain where the page names no publisher), found and read by reviewers who searched the stored
    reports for the day, most of them without looking at the data file's sources. Issue 11 asks for 150."""
    rows = _verified()
    assert len(rows) >= 455
    assert len({(r["place"], r["date"]) for r in rows}) == len(rows)
    assert all(r["url"].startswith(("http://", "https://")) and r["publisher"] for r in rows)
    assert len({r["date"][:4] for r in rows}) >= 6


@pytest.mark.parametrize("row", _verified(), ids=lambda r: f"{r['place']}-{r['date']}")
def test_each_verified_change_of_hands_is_recorded_within_a_day(dataset, row):
    """Strict: an event of that place handing it to that controller within one day of the reported day (a
    window must include it, give or take a day) — not merely the right holder a few days later."""
    day = dt.date.fromisoformat(row["date"])
    one = dt.timedelta(days=1)
    matches = [e for e in dataset.events if e.place == row["place"] and e.controller == row["controller"]
               and (e.earliest or e.date) - one <= day <= e.date + one]
    near = sorted((abs((e.date - day).days), str(e.date), e.controller) for e in dataset.events
                  if e.place == row["place"] and e.controller)[:3]
    assert matches, f"{row['place']} to {row['controller']} on {day} ({row['url']}); the data has {near}"


LED_BY_NUSRA = __import__("re").compile(
    r"(nusra|hts|tahrir al-sham|fatah al-sham)[- ]led|jaish al-fatah|army of conquest"
    r"|led by (jabhat |the )?(al-)?(nusra|hts|hay.at tahrir|jabhat fatah al-sham)", __import__("re").I)


LAST_OFFENSIVE = dt.date(2024, 11, 27)  # the HTS-led offensive's first day; the other fronts collapsed after it


def test_a_village_whose_only_change_is_the_last_offensive_draws_a_front(dataset, timeline):
    """data/README.md, "Places one side held until the last offensive": a village or base whose every change of
    hands falls from 27 November 2024 borders a place held by another side at war with it on some day before;
    inside one side's territory it would only repeat its neighbours' colour. Towns and cities are kept as
    landmarks."""
    changes = defaultdict(list)
    for event in dataset.events:
        if event.controller is not None:
            changes[event.place].append(event.earliest or event.date)
    late = [pid for pid, days in changes.items()
            if min(days) >= LAST_OFFENSIVE and dataset.places[pid].kind not in (PlaceKind.TOWN, PlaceKind.CITY)]
    assert len(late) >= 40  # the rule has something to check: the bases and front villages held to the end
    on_front = Atlas(timeline, SHAPES).places_on_a_front(before=LAST_OFFENSIVE)
    index = {pid: i for i, pid in enumerate(timeline.place_ids)}
    assert [pid for pid in late if not on_front[index[pid]]] == []


def test_the_leading_faction_decides_rebels_or_nusra_hts(dataset):
    """data/README.md, "Who is who": an operation its note calls Nusra- or HTS-led is coded nusra_hts; and the
    2024 offensive's towns, taken by the HTS-led command, are not coded rebels."""
    wrong = [(e.line, e.place, e.controller) for e in dataset.events
             if e.controller == "rebels" and LED_BY_NUSRA.search(e.note)]
    assert wrong == []
    led = [e for e in dataset.events if e.controller == "nusra_hts" and LED_BY_NUSRA.search(e.note)]
    assert len(led) >= 50  # Jaish al-Fatah 2015-16, the 2018 al-Fua deal, the 2024 command


def test_joint_arrangements_are_recorded_as_such(dataset):
    """Manbij and Kobani after 13 October 2019: the SDF ran them with government and Russian troops deployed."""
    shared = {(e.place, e.date.year): e.alongside for e in dataset.events if e.alongside}
    assert shared[("manbij", 2019)] == ("syrian_government",) and shared[("kobani", 2019)] == ("syrian_government",)
    assert all(a in dataset.actors for partners in shared.values() for a in partners)
