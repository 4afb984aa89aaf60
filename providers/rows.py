"""Check one row of a provider file and turn it into a :class:`Provider`.

A row arrives as ``{field: text}`` (column names already mapped, see
:mod:`providers.columns`) plus, from GeoJSON, its point. Each check either
accepts the field, accepts it with a note, or rejects the row with a German
sentence that says how to fix it.
"""

from __future__ import annotations

import hashlib
from datetime import date

from geodata.coordinates import distance_km
from intake.fields import (
    excerpt,
    is_email,
    language_code,
    normalize_website,
    parse_date,
    parse_flag,
    parse_life_stages,
    parse_number,
    split_list,
)
from intake.problems import ProblemLog
from places.postcodes import normalize_postcode, postcode_location
from providers.model import LIFE_STAGES, VERIFIERS, Provider, in_germany
from providers.taxonomy import SERVICE_TYPES, resolve_service_type

Point = tuple[float, float]


class RejectedRow(Exception):
    """A row that cannot be loaded; the message says why."""


def _type_codes_hint() -> str:
    return ", ".join(t.code for t in SERVICE_TYPES)


class RowChecker:
    """Validates the rows of one file in order and remembers ids for duplicate checks.

    Parameters
    ----------
    source
        The rows' source label.
    report
        Where problems go.
    keep_file_source
        A row's own ``source`` replaces the label (our own exports, whose source
        is a label we gave); otherwise it is kept beside it.
    """

    def __init__(self, source: str, report: ProblemLog, keep_file_source: bool = False) -> None:
        self.source = source
        self.keep_file_source = keep_file_source
        self.report = report
        self.seen_ids: dict[str, int] = {}
        self.providers: list[Provider] = []
        self.rows: list[int] = []  # the row of each provider

    def check(self, row: int, values: dict[str, str], point: Point | None = None) -> None:
        """Check a row; keep it as a provider or report why not."""
        if not any(values.values()) and point is None:
            return  # blank line, e.g. at the end of an Excel export
        try:
            provider = self._provider(row, values, point)
        except RejectedRow as rejected:
            self.report.error(row, str(rejected))
            return
        self.seen_ids[provider.id] = row
        self.providers.append(provider)
        self.rows.append(row)

    def _provider(self, row: int, values: dict[str, str], point: Point | None) -> Provider:
        name = values.get("name", "")
        if not name:
            raise RejectedRow("Name fehlt. Bitte tragen Sie in der Spalte „name“ den Namen ein.")
        codes = _service_types(values.get("service_types", ""))
        lat, lon, exact = self._location(row, values, point)
        # Our own export says "nein (PLZ-Mittelpunkt)" for a place that is only approximate.
        exact = exact and not values.get("location_exact", "").casefold().startswith("nein")
        postcode = self._postcode(row, values.get("postcode", ""))
        provider_id = values.get("id") or _derived_id(values, normalize_postcode(postcode) or "")
        if provider_id in self.seen_ids:
            raise RejectedRow(
                f"ID „{excerpt(provider_id)}“ kommt doppelt vor (zuerst in Zeile "
                f"{self.seen_ids[provider_id]}). Bitte jede ID nur einmal vergeben "
                "oder den doppelten Eintrag löschen."
            )
        return Provider(
            id=provider_id,
            name=name,
            service_types=codes,
            lat=lat,
            lon=lon,
            organization=values.get("organization", ""),
            street=values.get("street", ""),
            postcode=postcode,
            city=values.get("city", ""),
            phone=values.get("phone", ""),
            email=self._email(row, values.get("email", "")),
            website=self._website(row, values.get("website", "")),
            languages=self._languages(row, values.get("languages", "")),
            description=values.get("description", ""),
            source=self._source(values.get("source", "")),
            last_verified=self._verified(row, values.get("last_verified", "")),
            life_stages=self._life_stages(row, values.get("life_stages", "")),
            free_of_charge=self._flag(row, values, "free_of_charge", "kostenlos"),
            no_application=self._flag(row, values, "no_application", "ohne Antrag"),
            barrier_free=self._flag(row, values, "barrier_free", "barrierefrei"),
            opening_hours=values.get("opening_hours", ""),
            location_exact=exact,
            verified_by=self._verifier(values.get("verified_by", "")),
        )

    @staticmethod
    def _verifier(text: str) -> str:
        folded = text.strip().casefold()
        return folded if folded in VERIFIERS else ""

    def _source(self, text: str) -> str:
        """The import's own label; a file's source column ("survey") is kept beside it."""
        if self.keep_file_source and text:
            return text
        original = text.split(_FROM_FILE)[-1]
        if not original or original == self.source:
            return self.source
        return f"{self.source}; {_FROM_FILE}{original}"

    def _languages(self, row: int, text: str) -> list[str]:
        codes: list[str] = []
        unknown: list[str] = []
        for entry in split_list(text.replace(",", ";")):
            code = language_code(entry)
            if code is None:
                unknown.append(entry)
            elif code not in codes:
                codes.append(code)
        if unknown:
            self.report.note(
                row,
                f"Sprache „{excerpt('; '.join(unknown))}“ unbekannt (erwartet: ISO-Kürzel wie "
                "de, tr, ar oder der Name der Sprache); weggelassen.",
            )
        return codes

    def _postcode(self, row: int, text: str) -> str:
        if not text:
            return ""
        normalized = normalize_postcode(text)
        if normalized is None:
            self.report.note(row, f"PLZ „{excerpt(text)}“ ist keine fünfstellige Postleitzahl.")
            return text
        return normalized

    def _email(self, row: int, text: str) -> str:
        if text and not is_email(text):
            self.report.note(
                row, f"E-Mail „{excerpt(text)}“ ist keine gültige Adresse und wurde weggelassen."
            )
            return ""
        return text

    def _website(self, row: int, text: str) -> str:
        website, note = normalize_website(text)
        if note:
            self.report.note(row, note)
        return website

    def _flag(self, row: int, values: dict[str, str], field: str, label: str) -> bool | None:
        text = values.get(field, "")
        value, understood = parse_flag(text)
        if not understood:
            self.report.note(
                row,
                f"„{label}“: „{excerpt(text)}“ nicht verstanden; bitte ja oder nein. "
                "Das Feld bleibt leer.",
            )
        return value

    def _life_stages(self, row: int, text: str) -> list[str]:
        codes, unknown = parse_life_stages(text)
        if unknown:
            allowed = ", ".join(LIFE_STAGES.values())
            self.report.note(
                row,
                f"Lebensphase „{excerpt('; '.join(unknown))}“ unbekannt (erlaubt: {allowed}); "
                "weggelassen.",
            )
        return codes

    def _verified(self, row: int, text: str) -> date | None:
        if not text:
            return None
        verified = parse_date(text)
        if verified is None:
            self.report.note(
                row,
                f"Datum „{excerpt(text)}“ nicht erkannt; bitte TT.MM.JJJJ oder JJJJ-MM-TT "
                "verwenden. Das Feld bleibt leer.",
            )
        return verified

    def _near_postcode(self, row: int, point: Point, postcode: str) -> None:
        centre = postcode_location(postcode) if postcode else None
        if centre is not None and (km := distance_km(point, centre)) > NEAR_POSTCODE_KM:
            self.report.note(
                row,
                f"Die Koordinaten liegen {km:.0f} km vom Mittelpunkt der PLZ "
                f"{normalize_postcode(postcode)} entfernt; bitte prüfen.",
            )

    def _location(
        self, row: int, values: dict[str, str], point: Point | None
    ) -> tuple[float, float, bool]:
        if point is None:
            point = _coordinates(values.get("lat", ""), values.get("lon", ""))
        if point is not None:
            lat, lon = point
            if in_germany(lat, lon):
                self._near_postcode(row, point, values.get("postcode", ""))
                return lat, lon, True
            hint = (
                " Breite und Länge scheinen vertauscht."
                if in_germany(lon, lat)
                else " Bitte die Koordinaten prüfen."
            )
            raise RejectedRow(f"Koordinaten ({lat}, {lon}) liegen außerhalb Deutschlands.{hint}")
        postcode = values.get("postcode", "")
        centre = postcode_location(postcode) if postcode else None
        if centre is None:
            what = (
                f"Die PLZ „{excerpt(postcode)}“ ist unbekannt" if postcode else "Es fehlt eine PLZ"
            )
            raise RejectedRow(
                f"Ort fehlt: keine Koordinaten (lat/lon). {what}, daher kann der Eintrag "
                "nicht auf die Karte. Bitte Koordinaten oder eine gültige PLZ eintragen."
            )
        self.report.note(
            row,
            f"Keine Koordinaten: Eintrag am Mittelpunkt der PLZ {normalize_postcode(postcode)} "
            "platziert (ungefähre Lage).",
        )
        return centre[0], centre[1], False


_FROM_FILE = "Quelle laut Datei: "
#: Farther than this from its postcode's centre, a point is worth a look.
NEAR_POSTCODE_KM = 30.0


def _coordinates(lat_text: str, lon_text: str) -> Point | None:
    if not lat_text and not lon_text:
        return None
    lat, lon = parse_number(lat_text), parse_number(lon_text)
    if lat is None or lon is None:
        bad = lat_text if lat is None else lon_text
        raise RejectedRow(
            f"Koordinate „{excerpt(bad)}“ ist keine Zahl. Bitte Breite (lat) und Länge (lon) "
            "als Dezimalzahl angeben, z. B. 50,7997 und 7,2043."
        )
    for text, number, limit in ((lat_text, lat, 90), (lon_text, lon, 180)):
        if not abs(number) <= limit:  # also catches inf from 1e400
            raise RejectedRow(
                f"Koordinate „{excerpt(text)}“ liegt außerhalb des gültigen Bereichs "
                "(Breite −90 bis 90, Länge −180 bis 180)."
            )
    return lat, lon


def _service_types(text: str) -> list[str]:
    entries = split_list(text)
    if not entries:
        raise RejectedRow(
            "Angebotsart fehlt. Bitte in „service_types“ mindestens eine angeben, "
            f"z. B. familienhebamme (erlaubt: {_type_codes_hint()})."
        )
    codes: list[str] = []
    for entry in entries:
        code = resolve_service_type(entry)
        if code is None:
            raise RejectedRow(
                f"Unbekannte Angebotsart „{excerpt(entry)}“. Erlaubt sind die Codes "
                f"{_type_codes_hint()} oder ihre deutschen Bezeichnungen; mehrere mit „;“ "
                "trennen."
            )
        if code not in codes:
            codes.append(code)
    return codes


def _derived_id(values: dict[str, str], postcode: str) -> str:
    key = "|".join([values.get("name", ""), values.get("street", ""), postcode]).casefold()
    return "p-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
