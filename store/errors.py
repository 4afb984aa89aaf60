"""Why the store refused a write: the transaction was rolled back, nothing changed."""

from __future__ import annotations


class StoreRefused(RuntimeError):
    """A write the database could not take: the transaction was rolled back, nothing
    was changed. ``str()`` is the German message for the editor."""


class StoreBusy(StoreRefused):
    """The database held a lock or ran out of time."""

    def __init__(self) -> None:
        super().__init__(
            "Die Datenbank ist gerade mit einer anderen Änderung beschäftigt. Es wurde nichts "
            "geändert; bitte in einer Minute noch einmal speichern."
        )


class StoreFull(StoreRefused):
    """The database's disk (or its size limit) is full."""

    def __init__(self) -> None:
        super().__init__(
            "Der Speicherplatz der Datenbank ist erschöpft. Es wurde nichts geändert; bitte den "
            "Betrieb verständigen."
        )


class NotAllowed(StoreRefused):
    """The acting account may not make this change: outside its areas, more than its
    role allows, or the account is gone. ``str()`` says why, in German."""


#: An account removed while its session was open.
GONE = (
    "Ihr Zugang besteht nicht mehr oder wurde geändert; es wurde nichts gespeichert. Bitte "
    "melden Sie sich neu an."
)
