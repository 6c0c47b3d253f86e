"""Two-date comparison: choose a second date; the map keeps the colour of what changed hands between the two
and fades the rest, and a table gives km² gained and lost per actor and the places that changed hands, each with
its events and sources. In the link (`?compare=`); the table downloads as CSV."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.legend import swatch
from frontline.compare import compare, to_csv
from frontline.frames import Atlas
from frontline.model import Dataset
from frontline.render.text import escape, safe_url

KEY = "compare_with"
LISTED = 60  # places listed on the page; the CSV has them all


def controls(dataset: Dataset, date: dt.date, current: dt.date | None) -> tuple[bool, dt.date | None]:
    """(changed, the date to compare with or None)."""
    if st.session_state.get(KEY + "_shown") != current:
        st.session_state[KEY + "_on"] = current is not None
        if current is not None:
            st.session_state[KEY] = current
        st.session_state[KEY + "_shown"] = current
    on, when = st.columns([1, 3])
    wanted = on.toggle("Compare with another date", key=KEY + "_on")
    if not wanted:
        if current is not None:
            st.session_state[KEY + "_shown"] = None
            return True, None
        return False, None
    if KEY not in st.session_state:  # a default only for a new widget: Streamlit warns when both are set
        st.session_state[KEY] = current or max(dataset.start, date - dt.timedelta(days=90))
    other = when.date_input("The date to compare with", min_value=dataset.start, max_value=dataset.end, key=KEY,
                            label_visibility="collapsed")
    if other != current:
        st.session_state[KEY + "_shown"] = other
        return True, other
    return False, current


def show(atlas: Atlas, other: dt.date, date: dt.date) -> None:
    dataset = atlas.timeline.dataset
    result = compare(atlas, other, date)
    early, late = result.earlier, result.later
    rows = "".join(
        f"<tr><td>{swatch(a)}{escape(dataset.actors[a].name)}</td>"
        f"<td>{c.before_km2:,.0f}</td><td>{c.after_km2:,.0f}</td><td>+{c.gained_km2:,.0f}</td>"
        f"<td>−{c.lost_km2:,.0f}</td><td>{c.net_km2:+,.0f}</td></tr>"
        for a, c in result.actors.items() if c.gained_km2 or c.lost_km2 or c.before_km2 or c.after_km2)
    places = []
    for change in result.changed[:LISTED]:
        cites = []
        for event in change.events:
            for sid in event.sources:
                s = dataset.sources[sid]
                url = safe_url(s.url)
                cites.append(f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>{escape(s.label)}"
                             f"</a>" if url else escape(s.label))
        when = ", ".join(f"{e.date.isoformat()} {e.kind.value.replace('_', ' ')}" for e in change.events)
        places.append(f"<li><b>{escape(change.name)}</b>: {escape(dataset.actors[change.before].name)} → "
                      f"{escape(dataset.actors[change.after].name)} <small>({escape(when)}; sources: "
                      f"{'; '.join(dict.fromkeys(cites))})</small></li>")
    more = (f"<p><small>… and {len(result.changed) - LISTED} more in the CSV.</small></p>"
            if len(result.changed) > LISTED else "")
    st.html(f"<div class='fl-compare'><h3>From {early.day} {early:%B %Y} to {late.day} {late:%B %Y}</h3>"
            f"<p><small>On the map, what changed hands between the two dates keeps its colour; the rest fades. "
            f"Areas are derived from the places (km², not counting zones beyond reach).</small></p>"
            f"<table class='fl-areas'><tr><th>actor</th><th>km² then</th><th>km² now</th><th>gained</th>"
            f"<th>lost</th><th>net</th></tr>{rows}</table>"
            f"<p><b>{len(result.changed)} place(s) changed hands</b></p><ul>{''.join(places)}</ul>{more}</div>")
    st.download_button("Download the comparison (CSV)", data=lambda: to_csv(result, dataset),
                       file_name=f"frontline-{early}-to-{late}.csv", mime="text/csv", key="download_compare",
                       on_click="ignore")
