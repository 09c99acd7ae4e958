"""The headline cards of a disclosure page (generator/cards.py): each figure as the year's
text gives it, the change as the text states it or as computed from the previous year's
figure (never from an unknown), "not stated" for what the text does not give, and the
audit's verdict from its counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import check_content
from generator.compute.audit.model import Verdict
from generator.compute.compare import Presence, headline_item, headlines
from generator.content.model.content import Content, Unit
from generator.site import cards
from tests.buildutil import GOLDEN_CONTENT
from tests.conftest import REAL_CONTENT, REAL_UNIT


def _load(root: Path) -> Content:
    content, findings = check_content(root)
    assert content is not None, findings.format_text()
    return content


@pytest.fixture(scope="module")
def contents() -> list[Content]:
    return [_load(REAL_CONTENT), _load(GOLDEN_CONTENT)]


def _units(contents: list[Content]) -> list[Unit]:
    return [u for c in contents for u in c.units]


def test_every_card_shows_what_the_text_gives_and_a_change_from_where_it_comes(
        contents: list[Content]) -> None:
    stated = computed = missing = 0
    for unit in _units(contents):
        lines = headlines(unit)
        for d in unit.disclosures:
            got = cards.headline_cards(d, lines)
            assert [c.key for c in got] == list(cards.CARDS)
            for card in got:
                item = headline_item(d, card.key)
                if item is None:
                    missing += 1
                    assert card.amount is None and card.computed is None
                    continue
                assert card.amount is item.amount  # the text's own figure, not a copy
                if card.states_change:
                    stated += 1
                    assert card.stated is item.vs_previous and card.computed is None
                    assert card.reason == item.vs_previous.reason  # type: ignore[union-attr]
                elif card.computed is not None:
                    computed += 1
                    change, growth = card.computed
                    assert change.step.to_year == d.year and change.step is growth.step
                    old, new = change.old.value, change.new.value
                    assert old is not None and new is not None  # never from an unknown
                    assert change.new.presence is Presence.PRESENT
                    assert new == item.amount.value  # type: ignore[union-attr]
                    assert change.step.change == new - old
    # The content exercises every path (a text's change, ours, a figure not given).
    assert stated and computed and missing


def test_a_single_year_has_no_computed_change(contents: list[Content]) -> None:
    unit = next(u for u in _units(contents) if u.slug == REAL_UNIT)
    d = unit.disclosures[-1]
    assert all(c.computed is None for c in cards.headline_cards(d, []))


def test_the_audit_card_names_every_verdict_but_adds_up_and_rounding() -> None:
    counts = [(Verdict.INCONSISTENT, 1), (Verdict.TRUNCATED, 0), (Verdict.UNKNOWN, 4),
              (Verdict.ROUNDING, 7), (Verdict.CONSISTENT, 20)]
    card = cards.audit_card(counts)
    assert card.checks == 32
    assert card.flagged == [(Verdict.INCONSISTENT, 1), (Verdict.UNKNOWN, 4)]
    clean = cards.audit_card([(Verdict.ROUNDING, 2), (Verdict.CONSISTENT, 5)])
    assert (clean.checks, clean.flagged) == (7, [])
