"""The YAML loader's two readings (generator/content/yamlload.py): a file with nothing
unusual is read without marks (`_fast`) and located only when a message needs a place;
anything else is read by `_Builder`, which refuses it where it stands. Both must give the
same data, the same places and the same findings, whatever the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import yamlload
from generator.content.findings import Findings
from generator.content.yamlload import Doc, parse_yaml

PATH = Path("content/units/x/2024/t.yaml")


def _read(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[Doc | None, list[tuple[object, ...]]]:
    findings = Findings()
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yamlload, "_fast", _refuse)
        doc = parse_yaml(PATH, text.encode("utf-8"), findings)
    if doc is not None:
        doc.where(())
        doc.where(())  # the second question makes every mark of a file read without them
    return doc, [(f.line, f.column, f.code, f.message, f.hint) for f in findings.items]


def _refuse(text: str, escaped: bool) -> Any:
    raise yamlload._Unusual


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> Doc | None:
    fast, fast_findings = _read(text, True, monkeypatch)
    full, full_findings = _read(text, False, monkeypatch)
    assert fast_findings == full_findings
    assert (fast is None) == (full is None)
    if fast is not None and full is not None:
        assert fast.data == full.data
        assert fast.marks == full.marks and fast.key_marks == full.key_marks
        assert fast.may_hold_todo == full.may_hold_todo
        # The first place asked of a file read without marks is read alone: the same
        # answer, for every place, a missing one (its nearest ancestor) and a key.
        places = {*full.marks, *full.key_marks}
        for loc in [*places, *((*p, "zz") for p in places), *((*p, 99) for p in places)]:
            for key in (False, True):
                alone = parse_yaml(PATH, text.encode("utf-8"), Findings())
                assert alone is not None
                assert alone.where(loc, key=key) == full.where(loc, key=key), (loc, key)
    return fast


def test_a_plain_file_is_read_without_marks_until_located() -> None:
    doc = parse_yaml(PATH, b"a:\n  b: [1, '2', \"3\"]\n  c: ~\n  d: ''\n", Findings())
    assert doc is not None and doc.text is not None and not doc.marks
    assert doc.data == {"a": {"b": ["1", "2", "3"], "c": "~", "d": ""}}
    # The first place asked is read alone; the second question reads them all.
    assert doc.where(("a", "b", 2)) == (2, 15) and doc.text is not None and not doc.marks
    assert doc.where(("a", "c"), key=True) == (3, 3) and doc.text is None and doc.marks
    assert doc.where(("a", "b", 2)) == (2, 15)


EDGE_CASES = [
    "", "\n", "# only a comment\n", "~\n", "''\n", "a:\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n",
    "a: !!str 1\n", "a: ! 1\n", "a: ! '1'\n", "!!map {a: 1}\n", "? [a]\n: 1\n",
    "a: 1\n---\nb: 2\n", "a: \"x\\ay\"\n", "\"k\\u202e\": 1\n", "a: x\u202ey\n", "a: [1, 2\n",
    "a:\n\t- 1\n", "- a\n- [b, {c: d}]\n- {}\n- []\n", "a: |\n  line\n  line\n",
    "a: >-\n  folded\n  text\n", "'': 1\n\"\": 2\n", "a: \"\"\n", "[" * 50 + "]" * 50 + "\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 45)), "a: 'it''s'\n",
    "a: \"\\x1b[31m\"\n", "a: 1\nb:\n  - c: 2\n    d: [3, {e: 4}]\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_read_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text, monkeypatch)


_TEXT = st.text(st.sampled_from(list("ab 中文:,-#'\"\\\n\t{}[]&*!|>?%@`~\x1b\u202e\x85")),
                max_size=8)
_TREES = st.recursive(
    st.one_of(_TEXT, st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(tree=_TREES, flow=st.sampled_from([None, True, False]),
       style=st.sampled_from([None, '"', "'", "|", ">"]))
def test_any_dumped_tree_reads_alike(tree: Any, flow: bool | None, style: str | None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = yaml.dump(tree, default_flow_style=flow, default_style=style, allow_unicode=True)
    _same(text, monkeypatch)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.sampled_from(list("ab: -\n'\"[]{}&*!#?|>\\\t,~\x1b\u202e")),
                    max_size=40))
def test_any_text_reads_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text, monkeypatch)


@settings(max_examples=500, deadline=None)
@given(body=st.text(st.sampled_from(list("cite\"\\x634u0a1b ")), max_size=16),
       style=st.sampled_from(['"', "'", ""]))
def test_a_text_without_escapes_spells_nothing_new(body: str, style: str) -> None:
    """`escapes` False: no scalar holds a word or a character its text does not spell
    (the reason the checks of `cite:` keys, placeholders and control characters may skip
    such a file)."""
    text = f"k: {style}{body}{style}\n"
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    if yamlload.escapes(text) or not isinstance(data, dict):
        return
    for value in data.values():
        if isinstance(value, str):
            assert "cite" not in value or "cite" in text
            assert "\x1b" not in value and "\x0a" not in value.strip("\n")
