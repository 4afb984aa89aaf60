"""Opening hours as schema.org writes them, read from the way German providers write
them; what cannot be read whole is left out rather than guessed."""

from __future__ import annotations

import pytest

from dashboard.lean.jsonld import opening_hours, script_text


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Mo–Fr 9–12 Uhr", ["Mo-Fr 09:00-12:00"]),
        ("Mo–Do 8–16 Uhr, Fr 8–12 Uhr", ["Mo-Th 08:00-16:00", "Fr 08:00-12:00"]),
        ("Di und Do 14–18 Uhr", ["Tu,Th 14:00-18:00"]),
        ("Mo, Mi, Fr 9–13 Uhr", ["Mo,We,Fr 09:00-13:00"]),
        ("Sa 9:30-12:15", ["Sa 09:30-12:15"]),
        ("nach Vereinbarung", []),
        ("Mo–Fr 9–12 Uhr und nach Vereinbarung", []),
        ("", []),
    ],
)
def test_german_opening_hours_become_schema_org_spans(text, spans):
    assert opening_hours(text) == spans


def test_data_cannot_end_the_script_element():
    text = script_text({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
