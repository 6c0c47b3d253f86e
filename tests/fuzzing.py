"""Mutation fuzzing of data files, as the attack run did it: documents mutated from the shipped file and from
small files, each read by the loader. Used by tests/test_fuzz.py (a fixed seed, a fast subset) and by
`make fuzz` (`python -m tests.fuzzing --count 2000`, the full run).

What must hold for every document: the loader returns a dataset or raises DataError (no other exception),
within HANG_S seconds, and every problem is one line naming a real line (1 … lines + 1) and column.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from frontline.io.events import parse_events
from frontline.problems import DataError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "tests" / "data" / "mini.yaml", ROOT / "data" / "events.yaml"]
HANG_S = 10

# Values an attacker writes where a value belongs.
NASTY = [
    "9" * 5000, "-" + "9" * 400, "1e999", "-1e999", ".nan", ".inf", "0x1F", "0o17", "1_000", "+12", "-0",
    "2016-W49-7", "20150101", "2015-02-30", "9999-12-31", "0001-01-01", "1600-01-01", "2015-1-1",
    "!!python/object/apply:os.system ['true']", "!!str x", "! x", "!!binary aGk=", "&a x", "*a", "<<: *a",
    "[[[[[[[[", "{{{{", "'", '"', "'\\ud800'", '"\\ud800"', '"\\x00"', "\"\\u202e\"", "|", ">", "- - -",
    "~", "null", "yes", "no", "on", "true", "[]", "{}", "[a, b]", "{a: 1}", "?", ":", "#", "---", "...",
    "$\\frac{a}{b}$", "5$ and 6$", "<script>alert(1)</script>", "[x](javascript:alert(1))",
    "![i](http://example.com/i.png)", "\u200b", "\u200b\u200b", "\u202eevil", "اللاذقية", "😀" * 50,
    "a" * 10000, "palmyra ", " palmyra", "PALMYRA", "1", "0", "-1", "#e61909", "#zzzzzz", "red",
    "SY", "IQ", "XX", "capture", "contested", "besieged", "held", "month", "approx", "day",
]
CONTROL = [chr(c) for c in (0, 1, 7, 8, 11, 12, 27, 127)] + ["\u2028", "\ufeff", "\r", "\t"]


@dataclass
class Outcome:
    accepted: bool
    problems: int
    seconds: float


class Hang(Exception):
    pass


def mutate(text: str, rng: random.Random) -> str:
    """One to three random edits of a document's lines, values and characters."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        line = lines[i]
        op = rng.randrange(10)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, line)  # a duplicated line: duplicate keys, repeated events
        elif op == 2 and ":" in line:  # a value replaced by a nasty one
            head = line[: line.index(":") + 1]
            lines[i] = f"{head} {rng.choice(NASTY)}"
        elif op == 3 and line:
            k = rng.randrange(len(line))
            lines[i] = line[:k] + rng.choice(CONTROL + ["{", "}", "[", "]", ",", ":", "'", '"', "&", "*", "!"]) + line[k:]
        elif op == 4:
            lines[i] = " " * rng.randint(0, 6) + line.lstrip()  # broken indentation
        elif op == 5 and ", " in line:  # a flow mapping loses or repeats a field
            parts = line.split(", ")
            j = rng.randrange(len(parts))
            parts.insert(j, parts[j]) if rng.random() < 0.5 else parts.pop(j)
            lines[i] = ", ".join(parts)
        elif op == 6:  # an id renamed: unknown references, or a collision with another id
            words = [w for w in line.replace(",", " ").replace(":", " ").split() if w.isidentifier()]
            if words:
                lines[i] = line.replace(rng.choice(words), rng.choice(NASTY[:60] + ["palmyra", "isis", "x"]), 1)
        elif op == 7:
            lines.insert(i, f"{rng.choice(['actors', 'places', 'events', 'relations', 'extra', '  extra'])}: "
                            f"{rng.choice(NASTY)}")
        elif op == 8:
            lines = lines[: rng.randrange(len(lines) + 1)]  # truncated file
            if not lines:
                lines = [""]
        else:
            lines[i] = line.replace(rng.choice("0123456789"), rng.choice("0123456789"), 1)  # a changed digit
    return "\n".join(lines)


def documents(count: int, seed: int, shipped_share: float = 0.1) -> Iterator[tuple[str, str]]:
    """(name, text) of `count` mutated documents; a share from the shipped file, the rest from small files."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for n in range(count):
        base = texts[1] if rng.random() < shipped_share else texts[0]
        yield f"fuzz-{seed}-{n}.yaml", mutate(base, rng)


def check_one(name: str, text: str) -> Outcome:
    """Load one document and check what must hold (module docstring); raise AssertionError or Hang."""
    def alarm(*_):
        raise Hang(f"{name}: over {HANG_S} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_S)
    started = time.perf_counter()
    try:
        data = text.encode("utf-8", "surrogatepass")
        parse_events(data, name)
        return Outcome(True, 0, time.perf_counter() - started)
    except DataError as exc:
        n_lines = text.count("\n") + 1
        for p in exc.problems:
            shown = str(p)
            assert "\n" not in shown and "\r" not in shown, (name, shown)
            assert 1 <= p.line <= n_lines + 1 and p.column >= 1, (name, shown)
            assert p.file == name, (name, shown)
        return Outcome(False, len(exc.problems), time.perf_counter() - started)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(count: int, seed: int, shipped_share: float = 0.1, verbose: bool = False) -> list[Outcome]:
    outcomes = []
    for name, text in documents(count, seed, shipped_share):
        try:
            outcomes.append(check_one(name, text))
        except Exception:
            Path(f"/tmp/{name}").write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"failing document kept at /tmp/{name}", file=sys.stderr)
            raise
        if verbose and len(outcomes) % 200 == 0:
            print(f"{len(outcomes)} documents", file=sys.stderr)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--shipped-share", type=float, default=0.1)
    args = parser.parse_args()
    outcomes = run(args.count, args.seed, args.shipped_share, verbose=True)
    accepted = sum(o.accepted for o in outcomes)
    slowest = max(o.seconds for o in outcomes)
    print(f"{len(outcomes)} documents: {accepted} accepted, {len(outcomes) - accepted} refused with problems, "
          f"0 crashes, 0 hangs; slowest {slowest:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
