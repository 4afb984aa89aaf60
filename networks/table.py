"""Netzwerke Frühe Hilfen as a table (CSV or XLSX): one row per membership.

Coordinators keep their networks in a spreadsheet, so the import reads one and
the export writes the same layout back: each row names the network (its Kreis,
the Gemeinden it serves, coordination and first contact for families) and one
member (provider by id or name, role, since, until). The network's own columns
need only be filled in its first row; a network without members is one row
without a provider. Columns are recognised by name (case, umlauts and spaces
aside). A row that cannot be read is reported by its line and the others load.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from geodata import is_valid_ags, is_within, normalize_ags, parent_ags
from intake.csv_out import excel_csv
from intake.fields import (
    clean_text,
    date_or_error,
    fold_name,
    neutralize_formula,
    restore_formula,
)
from intake.problems import ProblemLog
from intake.text import cut_rows, table_rows
from networks.model import ROLES, Membership, Network, WayIn, network_id

#: The columns of the table: field → German header, in the order they are written.
NETWORK_COLUMNS: dict[str, str] = {
    "network": "Netzwerk",
    "network_id": "Netzwerk-ID",
    "kreis": "Kreis (AGS)",
    "gemeinden": "Gemeinden (AGS)",
    "coordination": "Koordination",
    "coordination_phone": "Koordination Telefon",
    "coordination_email": "Koordination E-Mail",
    "way_in": "Erster Kontakt",
    "way_in_phone": "Erster Kontakt Telefon",
    "way_in_hours": "Erster Kontakt Zeiten",
    "way_in_email": "Erster Kontakt E-Mail",
    "provider_id": "Anbieter-ID",
    "provider": "Anbieter",
    "role": "Rolle",
    "since": "seit",
    "until": "bis",
    "source": "Quelle",
    "last_verified": "geprüft",
}
# Other names a column goes by in the sheets coordinators keep.
_ALIASES: dict[str, tuple[str, ...]] = {
    "network": ("netzwerkname", "name_netzwerk", "netzwerk_name"),
    "kreis": ("kreis", "ags_kreis", "kreisschluessel", "kreis_ags"),
    "gemeinden": ("gemeinden", "gemeinde_ags", "ags_gemeinden", "gebiet"),
    "way_in": ("zugang", "familientelefon", "erstkontakt"),
    "way_in_phone": ("zugang_telefon", "familientelefon_telefon", "telefon"),
    "way_in_hours": ("zugang_zeiten", "sprechzeiten", "erreichbarkeit"),
    "provider": ("mitglied", "partner", "einrichtung", "anbietername"),
    "provider_id": ("id", "anbieter_id", "provider_id"),
    "role": ("funktion",),
    "since": ("mitglied_seit", "beginn", "von"),
    "until": ("mitglied_bis", "ende", "austritt"),
    "last_verified": ("zuletzt_geprueft", "stand"),
}
_NETWORK_FIELDS = (
    "network_id",
    "kreis",
    "gemeinden",
    "coordination",
    "coordination_phone",
    "coordination_email",
    "way_in",
    "way_in_phone",
    "way_in_hours",
    "way_in_email",
    "source",
    "last_verified",
)


def _key(name: str) -> str:
    return fold_name(name).replace("_", "")


_FIELD_OF: dict[str, str] = {}
for _field, _header in NETWORK_COLUMNS.items():
    for _name in (_header, _field, *_ALIASES.get(_field, ())):
        _FIELD_OF.setdefault(_key(_name), _field)
_ROLE_OF = {_key(label): code for code, label in ROLES.items()} | {
    _key(code): code for code in ROLES
}


def network_columns(header: Iterable[str]) -> dict[str, str]:
    """Which field each known column holds: ``{column: field}`` (the first of two
    columns for one field wins)."""
    found: dict[str, str] = {}
    for column in header:
        known = _FIELD_OF.get(_key(column))
        if known and known not in found.values():
            found[column] = known
    return found


@dataclass
class _Draft:
    """A network while its rows are read."""

    line: int
    values: dict[str, str]
    members: dict[str, Membership] = field(default_factory=dict)
    kreise: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class _Providers:
    """The providers a row may name: by id, and by folded name (several for a name
    two houses share)."""

    kreis: Mapping[str, str]
    by_name: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Providers:
        by_name: dict[str, list[str]] = {}
        for key, name in zip(frame["id"], frame["name"], strict=True):
            by_name.setdefault(_key(str(name)), []).append(str(key))
        kreis = dict(zip(frame["id"].astype(str), frame["kreis_ags"].astype(str), strict=True))
        return cls(kreis, {name: tuple(keys) for name, keys in by_name.items()})

    def find(self, key: str, name: str, kreis: str | None) -> str:
        """The provider's id; ``ValueError`` names what is wrong."""
        if key:
            if key in self.kreis:
                return key
            if not name:
                raise ValueError(f"Anbieter-ID „{key}“ ist unbekannt.")
        found = self.by_name.get(_key(name), ())
        if len(found) > 1 and kreis:
            found = tuple(k for k in found if self.kreis[k] == kreis) or found
        if not found:
            raise ValueError(f"Anbieter „{name}“ ist unbekannt.")
        if len(found) > 1:
            raise ValueError(f"Anbieter „{name}“ gibt es {len(found)}-mal; bitte die ID angeben.")
        return found[0]


def read_network_table(
    raw: bytes, suffix: str, providers: pd.DataFrame
) -> tuple[list[Network], ProblemLog]:
    """Networks and their memberships from a CSV/XLSX table.

    Parameters
    ----------
    raw, suffix
        The file's bytes and its ending (``.csv``, ``.xlsx`` …).
    providers
        The providers members may be (``id``, ``name``, ``kreis_ags``): a member is
        named by its id or by its name.

    Returns
    -------
    networks, report
        The networks read (in the order they first appear) and every row or value
        not taken, by line (the header is line 1).
    """
    report = ProblemLog()
    header, rows = table_rows(raw, suffix)
    rows = cut_rows(rows, "netzwerke", report)
    if not header:
        report.error(0, "Die Datei ist leer.")
        return [], report
    fields = network_columns(header)
    if "network" not in fields.values():
        report.error(0, f"Keine Spalte „Netzwerk“ gefunden (Spalten: {', '.join(header)}).")
        return [], report
    known = _Providers.of(providers)
    drafts: dict[str, _Draft] = {}
    for line, row in enumerate(rows, start=2):
        values = {
            f: restore_formula(clean_text(row.get(column) or "").text)
            for column, f in fields.items()
        }
        if not any(values.values()):
            continue
        name = values.get("network", "")
        if not name:
            report.error(line, f"Zeile {line}: kein Netzwerk genannt.")
            continue
        draft = drafts.setdefault(name, _Draft(line, {"network": name}))
        _take_network_values(draft, values, line, report)
        if values.get("provider_id") or values.get("provider"):
            try:
                member = _membership(values, known, draft)
            except ValueError as error:
                report.error(line, f"Zeile {line}: {error}")
                continue
            if member.provider_id in draft.members:
                report.note(line, f"Zeile {line}: Mitglied doppelt – die spätere Zeile gilt.")
            draft.members[member.provider_id] = member
            draft.kreise[known.kreis[member.provider_id]] += 1
    networks = []
    for name, draft in drafts.items():
        try:
            networks.append(_network(name, draft, known))
        except ValueError as error:
            report.error(draft.line, f"Netzwerk „{name}“ (ab Zeile {draft.line}): {error}")
    return networks, report


def _take_network_values(draft: _Draft, values: dict[str, str], line: int, report) -> None:
    """A network's own values from the first row that has each; a later row that says
    otherwise is named."""
    for key in _NETWORK_FIELDS:
        value = values.get(key, "")
        if not value:
            continue
        if not draft.values.get(key):
            draft.values[key] = value
        elif draft.values[key] != value:
            label = NETWORK_COLUMNS[key]
            first = draft.line
            report.note(line, f"Zeile {line}: „{label}“ weicht ab; es gilt Zeile {first}.")


def _membership(values: dict[str, str], known: _Providers, draft: _Draft) -> Membership:
    kreis = normalize_ags(draft.values.get("kreis"), "kreis") if draft.values.get("kreis") else None
    provider = known.find(values.get("provider_id", ""), values.get("provider", ""), kreis)
    role_text = values.get("role", "")
    role = _ROLE_OF.get(_key(role_text), "familientelefon" if "telefon" in _key(role_text) else "")
    if role_text and not role:
        raise ValueError(f"Rolle „{role_text}“ unbekannt (erlaubt: {', '.join(ROLES.values())}).")
    since, until = (
        date_or_error(values.get(key, ""), NETWORK_COLUMNS[key]) for key in ("since", "until")
    )
    if since and until and until < since:
        raise ValueError("„bis“ liegt vor „seit“.")
    return Membership(provider, role or "mitglied", since, until)


def _network(name: str, draft: _Draft, known: _Providers) -> Network:
    values = draft.values
    gemeinden = []
    for part in values.get("gemeinden", "").replace(",", ";").split(";"):
        if part.strip():
            ags = normalize_ags(part, "gemeinde")
            if ags is None:
                raise ValueError(f"„{part.strip()}“ ist kein Gemeindeschlüssel (8 Ziffern).")
            gemeinden.append(ags)
    kreis = _kreis(values.get("kreis", ""), gemeinden, draft.kreise)
    outside = [g for g in gemeinden if not is_within(g, kreis)]
    if outside:
        raise ValueError(f"Gemeinden außerhalb des Kreises {kreis}: {', '.join(outside)}.")
    verified = values.get("last_verified", "")
    return Network(
        id=values.get("network_id") or network_id(kreis, name),
        name=name,
        kreis_ags=kreis,
        gemeinden=tuple(dict.fromkeys(gemeinden)),
        coordination=_contact(values, "coordination"),
        way_in=_contact(values, "way_in"),
        memberships=tuple(draft.members.values()),
        source=values.get("source", ""),
        last_verified=date_or_error(verified, NETWORK_COLUMNS["last_verified"]),
    )


def _kreis(text: str, gemeinden: list[str], members: Counter) -> str:
    """The network's Kreis: as given, else that of its Gemeinden, else of most members."""
    if text:
        kreis = normalize_ags(text, "kreis")
        if kreis is None or not is_valid_ags(kreis, "kreis"):
            raise ValueError(f"„{text}“ ist kein Kreisschlüssel (5 Ziffern).")
        return kreis
    if gemeinden:
        return parent_ags(gemeinden[0], "kreis")
    if members:
        return members.most_common(1)[0][0]
    raise ValueError("kein Kreis, keine Gemeinden und keine Mitglieder – das Gebiet fehlt.")


def _contact(values: Mapping[str, str], prefix: str) -> WayIn | None:
    label = values.get(prefix, "")
    phone, email = values.get(f"{prefix}_phone", ""), values.get(f"{prefix}_email", "")
    hours = values.get(f"{prefix}_hours", "")
    if not (label or phone or email or hours):
        return None
    default = "Netzwerkkoordination" if prefix == "coordination" else "Erster Kontakt"
    return WayIn(label or default, phone, hours, email)


def network_rows(networks: Iterable[Network], names: Mapping[str, str]) -> list[list[str]]:
    """The table of :func:`read_network_table` (columns :data:`NETWORK_COLUMNS`): one
    row per membership, the network's values in its first row only, a network
    without members as one row. ``names`` gives each provider's name."""
    rows = []
    for network in networks:
        first = _network_cells(network)
        members = network.memberships or (None,)
        for position, member in enumerate(members):
            cells = dict.fromkeys(NETWORK_COLUMNS, "") | {"network": network.name}
            if position == 0:
                cells |= first
            if member is not None:
                cells |= {
                    "provider_id": member.provider_id,
                    "provider": names.get(member.provider_id, ""),
                    "role": ROLES.get(member.role, member.role),
                    "since": _german(member.since),
                    "until": _german(member.until),
                }
            rows.append([cells[key] for key in NETWORK_COLUMNS])
    return rows


def _network_cells(network: Network) -> dict[str, str]:
    cells = {
        "network_id": network.id,
        "kreis": network.kreis_ags,
        "gemeinden": "; ".join(network.gemeinden),
        "source": network.source,
        "last_verified": _german(network.last_verified),
    }
    for prefix, contact in (("coordination", network.coordination), ("way_in", network.way_in)):
        if contact is not None:
            cells |= {
                prefix: contact.label,
                f"{prefix}_phone": contact.phone,
                f"{prefix}_email": contact.email,
            }
            if prefix == "way_in":
                cells["way_in_hours"] = contact.hours
    return cells


def _german(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def network_csv(networks: Iterable[Network], names: Mapping[str, str]) -> bytes:
    """The networks as a CSV for German Excel (see :func:`network_rows`)."""
    return excel_csv(list(NETWORK_COLUMNS.values()), network_rows(networks, names)).data


def network_xlsx(networks: Iterable[Network], names: Mapping[str, str]) -> bytes:
    """The networks as an Excel workbook (one sheet "Netzwerke", every cell text, so
    keys keep their leading zero and no cell becomes a formula)."""
    rows = [[neutralize_formula(cell) for cell in row] for row in network_rows(networks, names)]
    frame = pd.DataFrame(rows, columns=list(NETWORK_COLUMNS.values()), dtype=str)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="Netzwerke", index=False)
    return buffer.getvalue()
