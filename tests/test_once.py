"""`generator.once`: a property made on its first read and kept, on frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.once import once


@dataclass(frozen=True)
class Counted:
    value: int
    made: list[int] = field(default_factory=list, compare=False)

    @once
    def double(self) -> int:
        """Twice the value."""
        self.made.append(self.value)
        return self.value * 2


def test_made_on_the_first_read_then_kept() -> None:
    item = Counted(21)
    assert (item.double, item.double) == (42, 42)
    assert item.made == [21]  # made once
    assert Counted(5).double == 10  # each instance its own


def test_the_class_gives_the_descriptor_with_its_doc() -> None:
    assert isinstance(Counted.double, once)
    assert Counted.double.__doc__ == "Twice the value."
