"""The events of the shown date, with their sources, and the few before it.

Rendered as HTML with every text from the data file escaped: notes and titles are never markdown, so a data
file cannot add links, images or formatting. Kept short: it is re-sent on every commit.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import streamlit as st

from frontline import feed
from frontline.dates import event_when
from frontline.model import Dataset, Event, Kind
from frontline.render.text import escape, safe_url

EARLIER = 4


def _what(dataset: Dataset, event: Event) -> str:
    """The place (a link that opens it on the map, with its history, on the event's date) and what happened."""
    place = dataset.places[event.place]
    link = (f"<a href='?{escape(urlencode({'date': event.date.isoformat(), 'place': place.id}))}' target='_self' "
            f"title='Show {escape(place.name)} on the map, with its history'><b>{escape(place.name)}</b></a>")
    if event.controller:
        shared = feed.alongside_words(dataset, event)
        return (f"{link} → {escape(dataset.actors[event.controller].name)} ({escape(event.status.value)})"
                + (f", {escape(shared)}" if shared else ""))
    return f"{link} — incident"


def _line(dataset: Dataset, event: Event) -> str:
    when = escape(event_when(event.date, event.precision.value, event.earliest))
    text = f"{when} · {escape(event.kind.value.replace('_', ' '))} · {_what(dataset, event)}"
    if event.claimant:
        text += f" · claim by {escape(event.claimant)}: {escape(event.claim)}"
    if event.note:
        text += f"<br>{escape(event.note)}"
    cites = []
    for sid in event.sources:
        source = dataset.sources[sid]
        url = safe_url(source.url)
        label = escape(source.label)
        cites.append(f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>{label}</a>" if url else label)
    return f"<p>{text}<br><small>Sources: {'; '.join(cites)}</small></p>"


FIRST_SCREEN = 8  # events shown before the rest folds away


def filters(dataset: Dataset) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The feed's filters (actors, kinds, countries), kept for the session."""
    with st.expander("Filter the events"):
        a, k, c = st.columns(3)
        actors = a.multiselect("Actor", list(dataset.actors), format_func=lambda x: dataset.actors[x].name,
                               key="feed_actors")
        kinds = k.multiselect("Kind", [kind.value for kind in Kind], key="feed_kinds")
        countries = c.multiselect("Country", sorted({p.country for p in dataset.places.values()}),
                                  key="feed_countries")
    return frozenset(actors), frozenset(kinds), frozenset(countries)


def show(dataset: Dataset, date: dt.date, on_date: list[Event], recent: list[Event],
         only: tuple[frozenset[str], frozenset[str], frozenset[str]] = (frozenset(), frozenset(), frozenset())) -> None:
    """The date's events, the most significant first, grouped by the actor they favour; beyond the first screen
    they fold away; then the few before the date."""
    on_date = [e for e in on_date if feed.matches(dataset, e, *only)]
    recent = [e for e in recent if feed.matches(dataset, e, *only)]
    filtered = " (filtered)" if any(only) else ""
    parts = ["<div class='fl-feed'>", f"<h3>Events on {date.isoformat()}</h3>"]
    if not on_date:
        parts.append(f"<p><small>No events recorded on this date{filtered}.</small></p>")
    count = 0
    folded: list[str] = []
    for group, events in feed.grouped(dataset, on_date):
        lines = [f"<h4>{escape(group)}</h4>"] + [_line(dataset, e) for e in events]
        for line in lines:
            (parts if count < FIRST_SCREEN else folded).append(line)
            count += line.startswith("<p>")
    if folded:
        parts.append(f"<details><summary>{sum(x.startswith('<p>') for x in folded)} more event(s) on this date"
                     f"</summary>{''.join(folded)}</details>")
    if recent:
        shown = list(reversed(recent))[:EARLIER]
        parts.append(f"<p><b>Before it</b> <small>({len(recent)} event(s) in the 30 days before{filtered}; the "
                     f"latest {len(shown)}, with their sources on their own dates)</small><br>"
                     + "<br>".join(f"{e.date.isoformat()} · {_what(dataset, e)}" for e in shown) + "</p>")
    parts.append("</div>")
    st.html("".join(parts))
