"""One table of limits per purpose, the same in the code and in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake import LIMITS, FileRefused, check_file
from intake.__main__ import BEGIN, END, limits_markdown
from tests.harness.files import SIX_MILLION_ROWS_MB, bomb

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_shows_the_limits_the_code_applies():
    text = README.read_text(encoding="utf-8")
    block = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert block == limits_markdown(), "uv run python -m intake limits --readme README.md"


def test_the_readme_is_read_in_two_minutes():
    assert len(README.read_text(encoding="utf-8").splitlines()) < 150


@pytest.fixture(scope="module")
def six_million_rows() -> bytes:
    return bomb(SIX_MILLION_ROWS_MB)


@pytest.mark.parametrize("purpose", sorted(LIMITS))
def test_every_purpose_refuses_the_bomb_before_reading(purpose, six_million_rows):
    """The six-million-row sheet in about 1 MB: no purpose lets it through."""
    with pytest.raises(FileRefused) as refused:
        check_file(six_million_rows, LIMITS[purpose])
    assert refused.value.code in ("unpacked", "ratio", "too_large", "too_large_kb")


def test_a_story_is_refused_in_kilobytes_not_as_zero_megabytes():
    with pytest.raises(FileRefused, match="größer als 100 kB"):
        check_file(b"x" * 100_001, LIMITS["geschichte"])
