"""Key moments of the wars, as the dataset curates them (`moments:` in data/events.yaml): dated, captioned,
sourced. A reader jumps to one from a menu, or steps through them in story mode."""

from __future__ import annotations

from frontline.model import Dataset, Moment


def key_moments(dataset: Dataset) -> list[Moment]:
    """The dataset's moments inside its record, in date order."""
    return [m for m in dataset.moments if dataset.start <= m.date <= dataset.end]


def neighbours(moments: list[Moment], current: Moment | None) -> tuple[Moment | None, Moment | None]:
    """The moments before and after `current` (the first one after nothing), for story mode's buttons."""
    if not moments:
        return None, None
    if current is None or current not in moments:
        return None, moments[0]
    k = moments.index(current)
    return (moments[k - 1] if k else None), (moments[k + 1] if k + 1 < len(moments) else None)
