"""``python -m intake limits --readme README.md``: write the table of file limits into
the README between its marker lines (a test compares the two)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from intake.limits import limits_table

BEGIN = "<!-- grenzen: von `python -m intake limits --readme README.md` geschrieben -->"
END = "<!-- grenzen: ende -->"


def limits_markdown() -> str:
    """The limits of every purpose as a Markdown table."""
    rows = [
        "| Datei | höchstens | entpackt höchstens | Zeilen | Lesezeit |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in limits_table()),
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake")
    commands = parser.add_subparsers(dest="command", required=True)
    limits = commands.add_parser("limits", help="Grenzen für Dateien als Tabelle")
    limits.add_argument("--readme", type=Path, help="README, deren Grenzen-Block ersetzt wird")
    arguments = parser.parse_args(argv)
    table = limits_markdown()
    if arguments.readme is None:
        print(table)
        return 0
    return write_block(arguments.readme, BEGIN, END, table)


def write_block(readme: Path, begin: str, end: str, content: str) -> int:
    """Replace what stands between the marker lines ``begin`` and ``end`` of ``readme``
    (a generated table); 1 with a message when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    block = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not block.search(text):
        print(f"{readme}: keine Markierung {begin}", file=sys.stderr)
        return 1
    readme.write_text(block.sub(lambda _: f"{begin}\n{content}\n{end}", text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
