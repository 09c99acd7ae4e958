"""The downloads' own ZIP and gzip writers (generator/data/deflate.py): archives that
zipfile and Info-ZIP read back entry for entry, gzip members that concatenate."""

from __future__ import annotations

import gzip
import io
import subprocess
import zipfile
from pathlib import Path

from generator.data.deflate import gzip_bytes, zip_bytes

FILES = {
    "b/表.csv": "\ufeff名称,数值\r\n合计,1958.13\r\n".encode() * 50,
    "a/empty.txt": b"",
    "a/data.json": b'{"x": [1, 2, 3]}' * 1000,
}


def test_zip_reads_back_sorted_with_fixed_dates_and_modes() -> None:
    data = zip_bytes(FILES)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC checks
        assert archive.namelist() == sorted(FILES)
        for info in archive.infolist():
            assert archive.read(info) == FILES[info.filename]
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.create_system == 3 and info.external_attr >> 16 == 0o100644
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert not info.extra and not info.comment
            # Info-ZIP and Windows read a non-ASCII name as UTF-8 only when flagged.
            assert bool(info.flag_bits & 0x800) == (not info.filename.isascii())
        assert archive.comment == b""
    assert len(data) < sum(map(len, FILES.values())) / 5  # deflated, not stored
    assert zip_bytes(FILES) == data
    assert zip_bytes(dict(reversed(FILES.items()))) == data


def test_empty_zip_is_valid() -> None:
    with zipfile.ZipFile(io.BytesIO(zip_bytes({}))) as archive:
        assert archive.namelist() == []


def test_info_zip_tests_the_archive(tmp_path: Path) -> None:
    """Info-ZIP's unzip (installed by scripts/test.sh) finds no error in it."""
    path = tmp_path / "a.zip"
    path.write_bytes(zip_bytes(FILES))
    done = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No errors detected" in done.stdout


def test_gzip_members_concatenate_without_a_time() -> None:
    one, two = gzip_bytes(b"first\r\n"), gzip_bytes(b"second\r\n")
    assert one[4:8] == b"\0\0\0\0"  # no modification time: the same bytes every build
    assert gzip.decompress(one + two) == b"first\r\nsecond\r\n"
    assert gzip_bytes(b"first\r\n") == one
