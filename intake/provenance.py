"""Where rows come from: the label that marks fictional sample data on every row, so
that every page and export can tell invented entries from real ones."""

from __future__ import annotations

#: The ``source`` of every fictional sample provider, Termin and network.
SAMPLE_SOURCE = "Beispieldaten (fiktiv)"
