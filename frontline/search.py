"""Place search: find a place by any of the ways readers spell it.

Every name and alias of a place is reduced to a *key* by `normalize`, which folds the usual variants of
transliterating Arabic and Kurdish place names into one form, so that "Dayr az-Zawr", "Deir ez-Zor" and
"Deir al-Zour" all become ``dayrzur``. A query is reduced the same way and looked up in a `SearchIndex`:

1. exact: the query's key equals the key of a place's name (best) or of one of its aliases;
2. prefix: the query's key starts a name or alias ("Deir" finds every "Deir ...");
3. word prefix: the query's key starts a later word of a name or alias ("Zor" finds "Deir ez-Zor");
4. fuzzy: the query's key is one typo (an insertion, deletion, substitution or swap of two neighbouring
   letters: Damerau-Levenshtein distance 1) away from a name or alias ("palmira" finds Palmyra).

Within a tier, more important places come first: those the map names from the default zoom (`label_rank`
1, then 2, then 3, then never), then cities before towns before villages before anything else, then the
larger population. Each place appears once, with its best match.

The index is built once per dataset; `search` caches it by the dataset's fingerprint. Queries are cut to
`MAX_QUERY` characters and any string (empty, emoji, control characters, very long) returns a list.
Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from frontline.model import Dataset, Place, PlaceKind

MAX_QUERY = 80  # characters of a query that are looked at; the rest is ignored
FUZZY_MIN = 3  # shorter keys are not matched fuzzily: one typo away from "hit" is half the map

# Common names readers type that the data lacks as aliases. Checked against the shipped data: Tadmur and
# Tadmor (Palmyra), Ayn al-Arab (Kobani), Dayr az-Zawr (Deir ez-Zor), Halab (Aleppo), Hims (Homs),
# al-Mawsil (Mosul), Irbil and Hewler (Erbil) are aliases there already, so they are not repeated here.
# Applied only to place ids that exist in the dataset searched.
EXTRA_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    # Hawler: the usual English spelling of Erbil's Kurdish name Hewlêr (Hawler Medical University,
    # Hawler Governorate); the data spells it "Hewler", two letters away after folding.
    "erbil": ("Hawler",),
})

# --- normalisation ---------------------------------------------------------------------------------------

# Marks that stand for ʿayn or hamza inside a word ("Dar'a", "Ra's al-ʿAyn", "Ma`lula"): dropped, not split on.
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′"), None)

# Letters NFKD does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"})

# Arabic-script variants: alef wasla -> alef, taa marbuta -> haa, alef maqsura -> yaa, Persian/Kurdish kaf,
# yaa and ae -> Arabic ones; tatweel and the lone hamza are dropped. (Alef with hamza or madda, and waw and
# yaa with hamza, lose the hamza to NFKD; harakat are combining marks and go with the other marks.)
_ARABIC = str.maketrans({"ٱ": "ا", "ة": "ه", "ى": "ي", "ک": "ك", "ی": "ي", "ە": "ه", "ـ": None, "ء": None})

# The Arabic article, in every transliteration the data uses: al-, el-, il-, ul- before any word; the
# assimilated forms (ad-, ar-, as-, ash-, at-, ath-, az-, an-, adh-, and e- for a-) only before a word that
# starts with the same consonant, as assimilation demands ("ar-Raqqah", "ez-Zor", "ash-Shughur", "an-Najaf").
_ARTICLE = frozenset({"al", "el", "il", "ul"})
_SUN = re.compile(r"[ae](d|dh|r|s|sh|t|th|z|n)")
_ARABIC_ARTICLE = "ال"

_VOWELS = "aeiouy"
# Letter foldings inside a word, in this order; each with a pair from the data it brings together.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"x", "kh"),  # Kurdish x is kh: Zaxo / Zakho, Xebat / Khabat, Mexmur / Makhmur
    (r"q", "k"),  # q and k for qaf: Qamishli / Kamishli, Raqqa / Rakka, Saqba / Sakba
    (r"o", "u"),  # Arabic has no o; o and ou both write u: Tadmor / Tadmur, Duhok / Dohuk, Qaboun / Qabun
    (r"ee", "i"),  # English ee for long i: Heet / Hit, Tishreen / Tishrin, Waleed / Walid
    (r"ei|ey|ai", "ay"),  # the ay diphthong: Deir / Dayr, Sheikh / Shaykh, Baiji / Bayji, Seyid / Sayid
    (r"aw(?![aeiouy])", "u"),  # the aw diphthong, written o or ou: Zawr / Zor / Zour, Dawr / Dour, Hawl / Hol
    (r"dh", "d"),  # dhal and dha, said d or z: Abu Dhuhur / Abu al-Duhur, Ayadhiya / Ayadiya
    (r"(?<=.)iy(?=[aeiu])", "i"),  # iy before a vowel: Ashrafieh / Ashrafiyah, Ayadieh / Ayadiya
    # final taa marbuta: Raqqah / Raqqa, Barzeh / Barza, Salamiyeh / Salamiyah. (It also gives "Husayba", an
    # alias of Husaybah al-Sharqiya, the key of the border town Husaybah: one Arabic name for two towns.)
    (r"(?<=.)[ae]h$", "a"),
    (r"(?<=.)y$", "i"),  # final y for i: Kamishly / Kamishli, Amerly / Amerli, Hayy / Hai
    (r"(.)\1+", r"\1"),  # doubled letters: Raqqa / Raqa, Tall / Tal, Falluja / Faluja, Zummar / Zumar
))
# Words folded whole: tell, tel, tall -> tal (a mound, as in Tell Abyad / Tal Abyad / Tall Abyad).
_WORDS = {"tel": "tal"}

_TOKEN = re.compile(r"[^\W_]+")


def _marks_off(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _is_article(token: str, following: str | None) -> bool:
    if token in _ARTICLE:
        return True
    sun = _SUN.fullmatch(token)
    return bool(sun) and (following is None or following.startswith(sun.group(1)))


def _fold(token: str) -> str:
    if token.startswith(_ARABIC_ARTICLE) and len(token) > 3:
        token = token[2:]
    for pattern, replacement in _FOLDS:
        token = pattern.sub(replacement, token)
    return _WORDS.get(token, token)


def _tokens(text: str) -> list[str]:
    """The folded words of a text, without the article."""
    text = _marks_off(text.casefold().translate(_LETTERS)).translate(_APOSTROPHES).translate(_ARABIC)
    words = _TOKEN.findall(text)
    if len(words) > 1:  # a lone "al" or "as" is what the reader typed, not an article
        words = [w for i, w in enumerate(words)
                 if not _is_article(w, words[i + 1] if i + 1 < len(words) else None)] or words[-1:]
    return [_fold(w) for w in words]


def normalize(text: str) -> str:
    """The search key of a name: the same for the usual spellings of one place.

    Casefolded; diacritics and the marks for ʿayn and hamza dropped; spaces, hyphens and punctuation removed;
    the Arabic article dropped (al-, el-, ar-, ash-, ez- ... in Latin, ال in Arabic script); Arabic-script
    letter variants unified (أ إ آ ٱ -> ا, ة -> ه, ى -> ي, tatweel and harakat removed); and the letter
    foldings of `_FOLDS` applied to each word. "Dayr az-Zawr", "Deir ez-Zor", "Deir al-Zour" -> "dayrzur".
    """
    if not isinstance(text, str):
        return ""
    return "".join(_tokens(text))


# --- the index ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Match:
    place_id: str
    name: str  # the place's name
    matched: str  # the name or alias the query matched
    score: float  # 1.0 for the exact name, lower for worse matches (see `SearchIndex.search`)


# Scores by tier: exact name, exact alias, prefix, word prefix, fuzzy.
EXACT_NAME, EXACT_ALIAS, PREFIX, WORD_PREFIX, FUZZY = 1.0, 0.9, 0.7, 0.5, 0.3

_KIND_ORDER = {PlaceKind.CITY: 0, PlaceKind.TOWN: 1, PlaceKind.VILLAGE: 2}


def importance(place: Place) -> tuple[int, int, int]:
    """Sorts the more important place first: label rank 1, 2, 3 then never; city, town, village, other;
    larger population."""
    rank = place.label_rank if place.label_rank > 0 else 9
    return (rank, _KIND_ORDER.get(place.kind, 3), -(place.population or 0))


def _within_one(a: str, b: str) -> bool:
    """Whether two different strings are one edit apart: Damerau-Levenshtein (optimal string alignment)
    distance 1, decided in one pass."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return (a[i + 1:] == b[i + 1:]  # substitution
                or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]  # insertion
    return a[i + 1:] == b[i:]  # deletion


def _spellings(place: Place) -> Iterable[str]:
    yield place.name
    yield from place.aliases
    yield from EXTRA_ALIASES.get(place.id, ())


def _without_brackets(text: str) -> str:
    """ "Suran (Hama)" -> "Suran": a name qualified in brackets is also typed without them."""
    return re.sub(r"\s*\([^)]*\)", " ", text).strip()


class SearchIndex:
    """The search keys of a dataset's places, built once; `search` answers a query from them."""

    def __init__(self, dataset: Dataset) -> None:
        self.places: Mapping[str, Place] = dataset.places
        # key -> [(place id, matched spelling, is the name)], first seen first
        exact: dict[str, list[tuple[str, str, bool]]] = {}
        words: set[tuple[str, str, str]] = set()  # (key of a later word onwards, place id, spelling)
        for place in dataset.places.values():
            seen: set[str] = set()
            for spelling in _spellings(place):
                for text in dict.fromkeys((spelling, _without_brackets(spelling))):
                    tokens = _tokens(text)
                    key = "".join(tokens)
                    if not key or key in seen:
                        continue
                    seen.add(key)
                    exact.setdefault(key, []).append((place.id, spelling, text == place.name))
                    for i in range(1, len(tokens)):
                        words.add(("".join(tokens[i:]), place.id, spelling))
        self._exact = exact
        self._keys = sorted(exact)
        self._words = sorted(words)
        self._by_length: dict[int, list[str]] = {}
        for key in self._keys:
            self._by_length.setdefault(len(key), []).append(key)

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """The places a query may mean, best first, one match each, at most `limit`."""
        if not isinstance(query, str) or not isinstance(limit, int) or limit <= 0:
            return []
        key = normalize(query[:MAX_QUERY])
        if not key:
            return []
        best: dict[str, tuple[float, str]] = {}  # place id -> (score, matched spelling)

        def offer(place_id: str, score: float, spelling: str) -> None:
            if place_id not in best or best[place_id][0] < score:
                best[place_id] = (score, spelling)

        for place_id, spelling, is_name in self._exact.get(key, ()):
            offer(place_id, EXACT_NAME if is_name else EXACT_ALIAS, spelling)
        for i in range(bisect_left(self._keys, key), len(self._keys)):
            if not self._keys[i].startswith(key):
                break
            for place_id, spelling, _ in self._exact[self._keys[i]]:
                offer(place_id, PREFIX, spelling)
        for i in range(bisect_left(self._words, (key,)), len(self._words)):
            word, place_id, spelling = self._words[i]
            if not word.startswith(key):
                break
            offer(place_id, WORD_PREFIX, spelling)
        if len(key) >= FUZZY_MIN:
            for length in (len(key) - 1, len(key), len(key) + 1):
                for other in self._by_length.get(length, ()):
                    if other != key and _within_one(key, other):
                        for place_id, spelling, _ in self._exact[other]:
                            offer(place_id, FUZZY, spelling)

        def order(item: tuple[str, tuple[float, str]]) -> tuple:
            place = self.places[item[0]]
            return (-item[1][0], *importance(place), place.name.casefold(), place.id)

        ranked = sorted(best.items(), key=order)[:limit]
        return [Match(pid, self.places[pid].name, spelling, score) for pid, (score, spelling) in ranked]


_CACHE: dict[object, tuple[Dataset, SearchIndex]] = {}
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def index_for(dataset: Dataset) -> SearchIndex:
    """The search index of a dataset, built on first use and kept for the few datasets seen last."""
    token: object = dataset.fingerprint or id(dataset)
    with _CACHE_LOCK:
        hit = _CACHE.get(token)
        if hit is not None and (dataset.fingerprint or hit[0] is dataset):
            return hit[1]
    index = SearchIndex(dataset)
    with _CACHE_LOCK:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[token] = (dataset, index)
    return index


def search(dataset: Dataset, query: str, limit: int = 10) -> list[Match]:
    """The places of a dataset a query may mean, best first (see the module docstring)."""
    return index_for(dataset).search(query, limit)
