"""Where the bundled data lives, wherever the code is run from."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "events.yaml"
BOUNDARIES = ROOT / "data" / "boundaries" / "countries.geojson"
RIVERS = ROOT / "data" / "boundaries" / "rivers.geojson"
