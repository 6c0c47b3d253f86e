import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.io.yamldoc import BadDate, parse


def test_values_keep_their_positions():
    root, problems = parse("a: 1\nb:\n  c: [x, 2015-02-03]\n", "f.yaml")
    assert problems == []
    assert root == {"a": 1, "b": {"c": ["x", dt.date(2015, 2, 3)]}}
    assert root.where("b") == (3, 3)
    assert root["b"].where("c") == (3, 6)
    assert root["b"]["c"].item_pos == [(3, 7), (3, 10)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("v: yes", True),
        ("v: 'yes'", "yes"),
        ("v: 1_000", 1000),
        ("v: -3.5", -3.5),
        ("v: 0x1f", "0x1f"),
        ("v: ~", None),
        ("v: 2015-02-30", BadDate("2015-02-30")),
        ("v: '2015-02-03'", "2015-02-03"),
    ],
)
def test_scalars_resolve_like_yaml_1_1(text, value):
    root, problems = parse(text, "f.yaml")
    assert problems == []
    assert root["v"] == value and type(root["v"]) is type(value)


@pytest.mark.parametrize(
    "text, field, line, words",
    [
        ("a: 1\nb: 2\na: 3\n", "a", 3, "duplicate key (first at line 1)"),
        ("a: &x [1]\n", "&x", 1, "anchors"),
        ("a: 1\nb: *x\n", "*x", 2, "aliases (*name) are not allowed"),
        ("a: !!python/object:os.system x\n", "tag", 1, "not allowed"),
        ("a: [1, 2\nb: 3\n", "syntax", 2, "YAML syntax error"),
        ("a: '\x07'\n", "syntax", 1, "unreadable"),
        ("---\na: 1\n---\nb: 2\n", "document", 3, "only one YAML document"),
    ],
)
def test_unsafe_or_broken_yaml_is_reported_with_its_line(text, field, line, words):
    _, problems = parse(text, "f.yaml")
    assert any(p.field == field and p.line == line and words in p.message for p in problems), problems


def test_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    root, problems = parse(bomb, "bomb.yaml")
    assert sum("aliases (*name) are not allowed" in p.message for p in problems) == 8 * 9
    assert all(v is None for v in root["i"])  # nothing was expanded


def test_deep_nesting_is_refused_instead_of_crashing():
    _, problems = parse("[" * 200_000 + "]" * 200_000, "deep.yaml")
    assert [p.field for p in problems] == ["structure"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text):
    parse(text, "fuzz.yaml")
