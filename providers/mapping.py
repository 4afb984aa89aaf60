"""How the columns of a foreign file become provider fields: suggested from the
column names (German and English, any case), changeable by the user, saved as a
small JSON file so the next upload of the same layout needs no clicks.

A city's open-data Kita list, for example, names its columns ``BEZEICHNUNG``,
``TRAEGER``, ``STRASSE`` + ``HAUSBEZ``, ``PLZ``, ``ORT`` and marks the kind of
place with 0/1 columns such as ``KITA``: the suggestion joins street and house
number and reads ``KITA`` as the type flag, so the file loads as it comes.

The service type of a row comes from, in this order: the type column (its
values mapped through :attr:`ColumnMapping.type_values` where given), the 0/1
flag columns, or one type for all rows (:attr:`ColumnMapping.service_type`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from geodata.coordinates import UnknownCrs, parse_crs
from intake.fields import parse_flag
from providers.columns import IMPORT_FIELDS, canonical_column
from providers.model import PROVIDER_COLUMNS
from providers.taxonomy import TYPE_INDEX, resolve_service_type

#: A mapping's field for a column that is not used.
IGNORED = ""


@dataclass(frozen=True)
class ColumnMapping:
    """How a file's columns become provider fields.

    Attributes
    ----------
    columns
        File column → provider field (:data:`IGNORED` for a column not used).
        Several columns may give ``street`` (joined with a space, in file order).
    service_type
        One type code for every row without a type of its own.
    type_values
        Value of the type column (as written) → type code, for values the
        taxonomy does not know ("Kindertagesstätte U3" → ``kita``).
    type_flags
        0/1 column → type code ("KITA" → ``kita``): a row gets every type whose
        column is 1, ja, x or true.
    crs
        Coordinate system of the ``x``/``y`` (or GeoJSON) coordinates, ``EPSG:…``;
        ``None``: the file's own statement, else read from the values' ranges.
    """

    columns: dict[str, str] = field(default_factory=dict)
    service_type: str | None = None
    type_values: dict[str, str] = field(default_factory=dict)
    type_flags: dict[str, str] = field(default_factory=dict)
    crs: str | None = None

    def field_of(self, column: str) -> str | None:
        """The field a column gives (``None``: not used)."""
        if column in self.columns:
            return self.columns[column] or None
        return canonical_column(column)

    def gives_types(self, header: Iterable[str]) -> bool:
        """Whether rows of a file with this header can get a service type."""
        return bool(
            self.service_type
            or self.type_flags
            or any(self.field_of(name) == "service_types" for name in header)
        )

    def to_json(self) -> str:
        """The mapping as JSON (to save beside the file)."""
        return json.dumps(
            {
                "spalten": self.columns,
                "angebotsart": self.service_type,
                "werte": self.type_values,
                "schalter": self.type_flags,
            }
            | ({"koordinatensystem": self.crs} if self.crs else {}),
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """Read a saved mapping.

        Raises
        ------
        ValueError
            With a German message naming the first unknown field or type.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"Zuordnung ist kein gültiges JSON ({error.msg}).") from None
        if not isinstance(data, dict):
            raise ValueError("Zuordnung: ein JSON-Objekt erwartet.")
        columns = _strings(data.get("spalten", {}), "spalten")
        for column, target in columns.items():
            if target and target not in (*PROVIDER_COLUMNS, *IMPORT_FIELDS):
                raise ValueError(f"Zuordnung „spalten“: Feld „{target}“ für „{column}“ unbekannt.")
        service_type = data.get("angebotsart")
        if service_type is not None and service_type not in TYPE_INDEX:
            raise ValueError(f"Zuordnung „angebotsart“: „{service_type}“ ist keine Angebotsart.")
        values = _strings(data.get("werte", {}), "werte")
        flags = _strings(data.get("schalter", {}), "schalter")
        for name, code in [*values.items(), *flags.items()]:
            if code not in TYPE_INDEX:
                raise ValueError(f"Zuordnung: „{code}“ (für „{name}“) ist keine Angebotsart.")
        crs = data.get("koordinatensystem")
        if crs is not None:
            try:
                crs = parse_crs(str(crs))
            except UnknownCrs as error:
                raise ValueError(f"Zuordnung „koordinatensystem“: {error}") from None
        return cls(columns, service_type, values, flags, crs)


def _strings(value: object, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"Zuordnung „{name}“: ein Objekt mit Texten erwartet.")
    return dict(value)


def suggest_mapping(header: list[str], rows: Iterable[Mapping[str, object]] = ()) -> ColumnMapping:
    """The mapping the app proposes for a file: known names by their field, house
    numbers to the street, and 0/1 columns named like a service type as type flags
    (only when the file has no type column)."""
    columns = {name: canonical_column(name) or IGNORED for name in header}
    flags: dict[str, str] = {}
    if "service_types" not in columns.values():
        sample = list(rows)[:200]
        for name in header:
            code = resolve_service_type(name)
            if columns[name] or code is None:
                continue
            values = {str(row.get(name, "")).strip() for row in sample}
            if all(parse_flag(value)[1] for value in values):
                flags[name] = code
    return ColumnMapping(columns, None, {}, flags)


_ADDRESS = re.compile(r"^(?P<street>.*?)[,;]?\s*(?:D-)?(?P<postcode>\d{5})\s+(?P<city>[^,;]+?)\s*$")


def _address_parts(address: str, given: set[str], street: list[str]) -> list[tuple[str, str]]:
    """Street, postcode and city from a one-field address ("Marktplatz 1, 53721
    Siegburg"); parts the row gives in their own columns win."""
    found = _ADDRESS.match(address)
    if found is None:
        street.insert(0, address)
        return []
    if found.group("street").strip():
        street.insert(0, found.group("street").strip().rstrip(","))
    return [(name, found.group(name).strip()) for name in ("postcode", "city") if name not in given]


def mapped_pairs(
    pairs: Iterable[tuple[str, object]], mapping: ColumnMapping
) -> list[tuple[str, str]]:
    """``(field, text)`` of one record's ``(column, value)``: columns mapped, street and
    house number joined, the service type set from the type column, the flags or
    the mapping."""
    out: list[tuple[str, str]] = []
    street: list[str] = []
    numbers: list[str] = []
    address = ""
    types = ""
    flagged: list[str] = []
    for column, value in pairs:
        text = "" if value is None else str(value)
        if column in mapping.type_flags:
            if parse_flag(text)[0]:
                flagged.append(mapping.type_flags[column])
            continue
        target = mapping.field_of(column)
        if target is None:
            continue
        if target == "street":
            if text.strip():
                street.append(text.strip())
        elif target == "housenumber":
            if text.strip():
                numbers.append(text.strip())
        elif target == "address":
            address = text.strip()
        elif target == "service_types":
            types = text
        else:
            out.append((target, text))
    if address:
        out += _address_parts(address, {name for name, text in out if text.strip()}, street)
    if street or numbers:
        # "Dietzgenstraße 33-35" whatever the order of the columns (OSM sorts them)
        out.append(("street", " ".join(street + numbers)))
    if types and mapping.type_values:
        parts = [part.strip() for part in types.split(";")]
        types = ";".join(mapping.type_values.get(part, part) for part in parts if part)
    if not types.strip() and flagged:
        types = ";".join(dict.fromkeys(flagged))
    if not types.strip() and mapping.service_type:
        types = mapping.service_type
    if types:
        out.append(("service_types", types))
    return out
