"""What a unit's names are matched and sorted by: folded forms of its Chinese and English
names and the pinyin of its Chinese name (initials and full syllables), computed once per
unit at build time with `pypinyin` (the unit's job does it; the home page reads them from
the unit's summary), so the page needs no dictionary."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..content.model.types import stated
from ..content.model.unit import UnitProfile

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def natural(text: str) -> str:
    """Numbers padded, so that "No. 5" sorts before "No. 14"."""
    return re.sub(r"[0-9]+", lambda m: m.group().zfill(12), text)


def fold(text: str) -> str:
    """Lower case, full-width letters and digits as ASCII, single spaces (as the script
    folds what is typed)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


PinyinMemo = dict[str, str]
_MEMO: PinyinMemo = {}
"""Names already turned into pinyin (kept between builds by the build cache: loading
pypinyin's dictionary takes longer than a one-figure rebuild should)."""
_NEW: PinyinMemo = {}
"""What this process added to the memo since `take_new`."""


def remember(memo: PinyinMemo) -> None:
    _MEMO.update(memo)


def take_new() -> PinyinMemo:
    """The names this process turned into pinyin since the last call (a worker hands
    them back to the build, which keeps them)."""
    new = dict(_NEW)
    _NEW.clear()
    return new


def memo() -> PinyinMemo:
    return dict(_MEMO)


def pinyin_keys(name: str) -> str:
    """`乌海市社会保险事业服务中心` -> `whsshbxsyfwzx wuhaishishehuibaoxianshiyefuwuzhongxin`:
    the initials and the full pinyin of a Chinese name, letters and digits only."""
    keys = _MEMO.get(name)
    if keys is None:
        from pypinyin import Style, lazy_pinyin  # a large dictionary: loaded only when needed

        initials = _NOT_WORD.sub("", "".join(lazy_pinyin(fold(name),
                                                          style=Style.FIRST_LETTER)))
        syllables = _NOT_WORD.sub("", "".join(lazy_pinyin(fold(name))))
        keys = _MEMO[name] = _NEW[name] = f"{initials} {syllables}".strip()
    return keys


@dataclass(frozen=True)
class NameKeys:
    zh: str
    """Chinese name and short name, folded (the filter's data-zh)."""
    en: str
    """English name and short name, folded (data-en)."""
    py: str
    """Pinyin of the Chinese names: initials, then the full syllables (data-py)."""


def name_keys(profile: UnitProfile) -> NameKeys:
    """The unit's names as matched; also turns the names of its groups on the home page
    (department, region), sorted by their pinyin, into pinyin here, in the unit's job: the
    build's own process then finds them in the memo and never loads the dictionary."""
    texts = [profile.name, *([profile.short_name] if stated(profile.short_name) else [])]
    zh = [t.zh for t in texts]
    en = [t.en for t in texts if t.en]
    for group in (stated(profile.supervising_department), stated(profile.region)):
        if group is not None:
            pinyin_keys(group.zh)
    return NameKeys(fold(" ".join(zh)), fold(" ".join(en)),
                    " ".join(pinyin_keys(name) for name in zh))
