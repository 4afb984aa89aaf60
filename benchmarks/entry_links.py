"""Provider links: a token check and the review queue, in a SQLite store of the sample.

``uv run python -m benchmarks.entry_links``

- token check: :meth:`store.links.entry` for a valid token and for a random one (median
  of 2,000 each), against the store's cheapest question, :meth:`Store.version` (one
  indexed lookup) in the same run. Goal: under 1 ms each.
- review queue: :meth:`store.links.pending` with 5,000 open proposals, for the operator
  and a Kreis, against reading all providers (:meth:`Store.records`). Goal: under 1 s.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from benchmarks.timing import median_time
from store import Editor, Rights, Role, Store, seed_store, sqlite_url

PROPOSALS = 5_000


def main() -> None:
    store = Store(sqlite_url(Path(tempfile.mkdtemp(prefix="fk-links-")) / "links.sqlite"))
    store.migrate()
    seed_store(store)
    store.users.create("kreis.rsk", "ein langes Passwort", Rights(Role.KREIS, ("05382",)))
    records = store.records()
    links = store.links.create([r.id for r in records], "betrieb")
    print(f"{len(records):,} Anbieter, {len(links):,} Links")
    token = links[0].token
    version = median_time(store.version, 2000, warm_up=True)
    valid = median_time(lambda: store.links.entry(token), 2000, warm_up=True)

    def guessed() -> None:
        try:
            store.links.entry(secrets.token_urlsafe(24))
        except Exception:  # noqa: BLE001 - the refusal is what is timed
            pass

    wrong = median_time(guessed, 2000, warm_up=True)
    print(f"Grundlinie Store.version: {version * 1000:.3f} ms")
    for label, took in (("gültiger Link", valid), ("geratener Link", wrong)):
        print(
            f"Prüfung {label:<15} {took * 1000:6.3f} ms | {took / version:4.1f}× die Grundlinie | "
            f"Ziel < 1 ms: {'erreicht' if took < 0.001 else 'VERFEHLT'}"
        )
    for number in range(PROPOSALS):
        link = links[number % len(links)]
        if number >= len(links):  # a link holds one open proposal: more need more links
            (link,) = store.links.create([link.provider_id], "betrieb")
        store.links.propose(link.token, {"phone": f"0 {number}"})
    everything = median_time(store.records, 5)
    for label, user in (("Betrieb", "betrieb"), ("Kreis 05382", Editor("kreis.rsk"))):
        took = median_time(lambda u=user: store.links.pending(u), 5, warm_up=True)
        count = len(store.links.pending(user))
        print(
            f"Warteschlange {label:<12} {count:5,} offen: {took:5.2f} s | "
            f"{took / everything:4.1f}× alle Anbieter lesen ({everything:.2f} s) | "
            f"Ziel < 1 s: {'erreicht' if took < 1 else 'VERFEHLT'}"
        )


if __name__ == "__main__":
    main()
