"""All user-facing text: German messages here, other languages in gettext catalogues.

German is the source language. Every message has a key (the gettext context,
``msgctxt``) and its German text (the ``msgid``); translations live in
``dashboard/i18n/locale/<lang>/LC_MESSAGES/messages.po`` and are compiled in memory
with babel on first use. ``python -m dashboard.i18n.catalogues`` writes the template
and adds new messages to every catalogue. A missing translation falls back to
German, and a test fails on it.

The language is per script run (:func:`use_language`), never global: sessions
in other languages run in other threads at the same time.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from planning import PROGRAMMES, programme
from providers import LIFE_STAGES, SERVICE_GROUPS, SERVICE_TYPES, service_type

# Characters Markdown (and Streamlit's :directives: and $math$) give a meaning
# inside a line; texts from data never start a line, so list and heading marks are safe.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>~|$:])")

SOURCE_LANGUAGE = "de"
#: UI languages, in the order of the language switch.
LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ar", "uk", "ru")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)

_GERMAN: dict[str, str] = {
    "app_title": "Familienkarte",
    "page_title": "Karte",
    "tagline": ("Familienmanager und Partner der Frühen Hilfen – auf amtlichen Gemeindegrenzen."),
    "sample_notice": (
        "**Beispieldaten:** Alle Anbieter auf dieser Karte sind frei erfunden "
        "(Namen mit „Muster“ oder „Beispiel“, Telefonnummern aus Bereichen für "
        "fiktive Zwecke). Eigene Daten lassen sich laden – siehe README."
    ),
    "import_problems": "{count} Hinweise beim Laden der Anbieterdatei",
    "import_problem": "1 Hinweis beim Laden der Anbieterdatei",
    "problem_row": "Zeile",
    "problem_severity": "Art",
    "problem_message": "Hinweis",
    "filters": "Filter",
    "types_help": "Keine Auswahl zeigt alle Angebote.",
    "land": "Bundesland",
    "kreis": "Kreis / kreisfreie Stadt",
    "gemeinde": "Gemeinde",
    "all_laender": "Alle Bundesländer",
    "all_kreise": "Alle Kreise",
    "all_gemeinden": "Alle Gemeinden",
    "gemeinde_disabled": "Erst einen Kreis wählen.",
    "kreis_disabled": "Erst ein Bundesland wählen.",
    "reset": "Filter zurücksetzen",
    "basemap": "Kartenhintergrund",
    "basemap_none": "Keiner (nur Grenzen, offline)",
    "basemap_osm": "OpenStreetMap",
    "basemap_bkg": "basemap.de (grau)",
    "basemap_privacy": (
        "Online-Hintergründe laden Kacheln von fremden Servern (OpenStreetMap bzw. BKG); "
        "dabei wird Ihre IP-Adresse übertragen."
    ),
    "count_providers": "Angebote",
    "count_familienmanager": "Familienmanager",
    "count_gemeinden": "Gemeinden mit Angebot",
    "view_germany": "Deutschland",
    "loading_map": "Karte wird vorbereitet …",
    "empty": (
        "Keine Angebote für diese Auswahl. Wählen Sie weitere Angebotsarten oder ein "
        "größeres Gebiet – oder setzen Sie die Filter zurück."
    ),
    "table_title": "Angebote in der Liste",
    "table_page": "Seite (von {pages})",
    "table_rows": "Zeilen {first}–{last} von {total}",
    "col_name": "Name",
    "col_organization": "Träger",
    "col_types": "Angebotsarten",
    "col_street": "Straße",
    "col_postcode": "PLZ",
    "col_city": "Ort",
    "col_gemeinde": "Gemeinde",
    "col_kreis": "Kreis",
    "col_phone": "Telefon",
    "col_website": "Website",
    "col_languages": "Sprachen",
    "col_exact": "Lage",
    "col_verified": "Geprüft am",
    "exact_yes": "genau",
    "exact_no": "ungefähr (PLZ)",
    "download": "Liste herunterladen (CSV für Excel)",
    "download_encoding": "Zeichensatz der CSV-Datei",
    "encoding_utf8": "UTF-8 (empfohlen, alle Zeichen)",
    "encoding_cp1252": "Windows-1252 (ältere Programme)",
    "download_lossy": (
        "Windows-1252 kennt nicht alle Zeichen dieser Liste: in {count} Zeilen (Zeilen "
        "{lines}) werden Zeichen durch „?“ ersetzt. Mit UTF-8 bleibt alles erhalten."
    ),
    "providers_failed": (
        "Die Anbieterdatei „{path}“ konnte nicht geladen werden – die Gründe stehen unten "
        "unter „Hinweise beim Laden“. Die Karte zeigt so lange die Beispieldaten."
    ),
    "legend": "Legende",
    "legend_kreis": "Kreisgrenze",
    "legend_gemeinde": "Gemeindegrenze",
    "legend_neighbours": "Nachbarkreise",
    "legend_selected": "Gewählte Gemeinde",
    "legend_land": "Landesgrenze",
    "legend_kreise": "Kreisgrenzen",
    "map_aggregate": "{name}: {count} Angebote – zum Vergrößern klicken",
    "legend_aggregate": "Anzahl je Land bzw. Kreis (klicken zum Vergrößern)",
    "popup_loading": "Details werden geladen …",
    "popup_details_error": "Details konnten nicht geladen werden.",
    "popup_phone": "Telefon",
    "popup_website": "Website",
    "popup_languages": "Sprachen",
    "popup_approximate": "Lage ungefähr (Mittelpunkt der PLZ)",
    "boundary_error": "Grenzen konnten nicht geladen werden.",
    "tiles_error": (
        "Der Kartenhintergrund lädt nicht (keine Verbindung?). Grenzen und Angebote "
        "bleiben sichtbar; „Keiner“ als Hintergrund funktioniert offline."
    ),
    "unknown_param": "Der Link enthielt unbekannte Angaben ({values}); sie wurden ignoriert.",
    "and_more": " und {count} weitere",
    "nearby_page": "In meiner Nähe",
    "nearby_title": "Hilfe in meiner Nähe",
    "nearby_intro": (
        "Postleitzahl oder Ort eingeben: Die Liste zeigt die nächsten Angebote zuerst – "
        "auch im Nachbarkreis. Entfernungen sind Luftlinie."
    ),
    "nearby_query": "Postleitzahl oder Ort",
    "nearby_placeholder": "z. B. 53721 oder Siegburg",
    "nearby_radius": "Umkreis",
    "nearby_types": "Angebotsarten (keine Auswahl: alle)",
    "nearby_filters": "Was suchen Sie? Filter",
    "nearby_filters_chosen": "Was suchen Sie? {count} Filter gewählt",
    "nearby_stages": "Für wen?",
    "nearby_language": "Gesprochene Sprache",
    "nearby_any_language": "egal",
    "flag_free": "kostenlos",
    "flag_no_application": "ohne Antrag",
    "flag_barrier_free": "barrierefrei",
    "nearby_start": (
        "Geben Sie eine Postleitzahl oder einen Ort ein, um Angebote in Ihrer Nähe zu finden."
    ),
    "nearby_searching": "Suche …",
    "nearby_which": "Welcher Ort ist gemeint?",
    "nearby_not_found": "Zu „{query}“ haben wir keine Postleitzahl und keinen Ort gefunden.",
    "nearby_suggestions": "Meinten Sie:",
    "nearby_results": "{count} Angebote im Umkreis von {radius} km um {place}",
    "nearby_to_map": "Zur Karte",
    "popup_network": "Netzwerk Frühe Hilfen",
    "networks_title": "Netzwerke Frühe Hilfen: wer ist dabei, wer fehlt?",
    "networks_intro": (
        "Für Netzwerkkoordinationen: welche Berufsgruppen ein Netzwerk heute hat – nach "
        "Bereich, gemessen an den Partnern, die § 3 Abs. 2 KKG nennt –, welche fehlen und wer "
        "im Gebiet des Netzwerks noch angesprochen werden könnte."
    ),
    "networks_none": "Für dieses Gebiet sind keine Netzwerke Frühe Hilfen erfasst.",
    "networks_choose": "Netzwerk",
    "networks_missing": "Es fehlt: {types}",
    "networks_complete": "Alle erwarteten Berufsgruppen sind vertreten.",
    "networks_sector": "Bereich",
    "networks_profession": "Berufsgruppe",
    "networks_members": "Mitglieder",
    "networks_member_count": "{count} Mitglieder heute",
    "networks_role": "Rolle",
    "networks_since": "Mitglied seit",
    "networks_download": "Mitgliederliste (CSV)",
    "networks_download_pdf": "Mitgliederliste drucken (PDF)",
    "networks_candidates_near": (
        "{count} mögliche Partner im Gebiet oder bis {km} km davon, die noch nicht Mitglied sind"
    ),
    "networks_no_candidates": (
        "Im Gebiet und in seiner Nähe gibt es keine weiteren Anbieter der erwarteten Berufsgruppen."
    ),
    "networks_reach": "Mögliche Partner auch außerhalb des Gebiets, bis",
    "networks_reach_tip": (
        "Familien überqueren Gemeindegrenzen: Eine Klinik oder Frühförderstelle gleich "
        "hinter der Grenze kann ein wichtiger Partner sein. 0 km: nur im Gebiet."
    ),
    "networks_where": "Lage",
    "networks_inside": "im Gebiet",
    "networks_outside": "{km} km außerhalb",
    "networks_area_legend": "Gebiet des Netzwerks",
    "networks_candidate_legend": "möglicher Partner ({count})",
    "networks_candidate_pin": "Möglicher Partner: {name} ({types})",
    "networks_professions_title": "Berufsgruppen nach Bereich",
    "sector_gesundheit": "Gesundheitswesen",
    "sector_jugendhilfe": "Kinder- und Jugendhilfe",
    "sector_beratung": "Beratung",
    "sector_bildung": "Bildung",
    "role_mitglied": "Mitglied",
    "role_koordination": "Koordination",
    "role_familientelefon": "betreibt Familientelefon",
    "way_in_hours": "erreichbar {hours}",
    "search_too_long": (
        "Ihre Eingabe ist zu lang ({length} Zeichen, höchstens {limit}). Bitte geben Sie nur "
        "die Postleitzahl oder den Ort ein, z. B. 53721 oder Siegburg."
    ),
    "search_nothing": (
        "Danach können wir nicht suchen: Bitte geben Sie eine Postleitzahl (5 Ziffern, "
        "z. B. 53721) oder einen Ortsnamen (z. B. Siegburg) ein."
    ),
    "search_script": (
        "Bitte schreiben Sie den Ort in lateinischen Buchstaben wie auf einem Brief "
        "(z. B. Köln) oder geben Sie die Postleitzahl ein (5 Ziffern)."
    ),
    "search_digits": (
        "Eine deutsche Postleitzahl hat 5 Ziffern – Ihre Eingabe hat {length}. Bitte prüfen "
        "Sie die Zahl oder geben Sie den Ort ein."
    ),
    "search_foreign_postcode": (
        "„{postcode}“ ist keine deutsche Postleitzahl (sie hat 5 Ziffern), eher eine aus "
        "Österreich oder der Schweiz. Familienkarte zeigt Hilfe in Deutschland: Bitte geben "
        "Sie eine deutsche Postleitzahl oder einen Ort in Deutschland ein."
    ),
    "search_street_unused": (
        "Die Straße „{street}“ nutzen wir nicht für die Entfernung: Gemessen wird ab "
        "Postleitzahl oder Ort."
    ),
    "search_ortsteil_unknown": "„{ortsteil}“ kennen wir nicht – gesucht ab {origin}.",
    "search_postcode_mismatch": (
        "Die PLZ {postcode} gehört zu {gemeinden}, nicht zu „{place}“ – gesucht ab der "
        "PLZ {postcode}."
    ),
    "search_place_unknown": "„{place}“ kennen wir nicht – gesucht ab der PLZ {postcode}.",
    "search_postcode_unknown": "Die PLZ {postcode} kennen wir nicht – gesucht ab dem Ort.",
    "search_choose": "Bitte wählen Sie, dann erscheinen die Angebote.",
    "search_spans": (
        "Die PLZ {postcode} reicht in mehrere Gemeinden. Wählen Sie Ihre, um von dort aus "
        "zu suchen:"
    ),
    "nearby_from_postcode": "Luftlinie ab Mitte PLZ {postcode}.",
    "nearby_from_ortsteil": "Luftlinie ab dem Ortsteil {name} ({gemeinde}).",
    "nearby_from_address": "Luftlinie ab {address}.",
    "way_in_several": (
        "Die PLZ {postcode} liegt in {count} Kreisen. Jeder Kreis hat seinen eigenen ersten Anruf:"
    ),
    "way_in_for_kreis": "Für {kreis}:",
    "events_page": "Termine",
    "events_title": "Termine: Kurse, Gruppen, Treffen",
    "events_intro": (
        "Elterncafés, Krabbelgruppen, Kurse und Sprechstunden der Netzwerke Frühe Hilfen – "
        "und Termine für Fachkräfte. Die Auswahl lässt sich als Kalender abonnieren."
    ),
    "events_sample": (
        "Beispieltermine: Alle Termine auf dieser Seite sind frei erfunden (Titel mit „Muster“)."
    ),
    "events_range": "Zeitraum",
    "events_range_woche": "Diese Woche",
    "events_range_4wochen": "Nächste 4 Wochen",
    "events_range_monat": "Monat",
    "events_month": "Monat wählen",
    "events_view": "Ansicht",
    "events_view_liste": "Liste",
    "events_view_monat": "Kalender",
    "events_near": "In der Nähe von (PLZ oder Ort; leer: überall)",
    "events_audience": "Für wen?",
    "events_audience_familien": "Familien",
    "events_audience_fachkraefte": "Fachkräfte",
    "events_audience_alle": "Alle",
    "events_kinds": "Art des Angebots",
    "event_kind_elterncafe": "Elterncafé",
    "event_kind_krabbelgruppe": "Krabbelgruppe",
    "event_kind_babymassage": "Babymassage",
    "event_kind_geburtsvorbereitung": "Geburtsvorbereitung",
    "event_kind_sprechstunde": "Sprechstunde",
    "event_kind_elternkurs": "Elternkurs",
    "event_kind_beratung": "Offene Beratung",
    "event_kind_fortbildung": "Fortbildung",
    "event_kind_netzwerktreffen": "Netzwerktreffen",
    "events_language": "Sprache des Angebots",
    "events_count": "{count} Termine vom {first} bis {last}",
    "events_none": (
        "In diesem Zeitraum passt kein Termin zu Ihrer Auswahl. Versuchen Sie einen längeren "
        "Zeitraum, einen größeren Umkreis oder weniger Filter."
    ),
    "events_weekly": "jeden {weekday}",
    "events_every_n_weeks": "alle {n} Wochen am {weekday}",
    "events_monthly_nth": "jeden {ordinal} {weekday} im Monat",
    "events_ordinal_1": "ersten",
    "events_ordinal_2": "zweiten",
    "events_ordinal_3": "dritten",
    "events_ordinal_4": "vierten",
    "events_ordinal_last": "letzten",
    "events_daily": "täglich",
    "events_monthly": "monatlich",
    "events_yearly": "jährlich",
    "events_time": "{start}–{end} Uhr",
    "events_all_day": "ganztägig",
    "events_next": "nächster Termin {date}",
    "events_cancelled": "fällt aus",
    "events_for": "Für: {who}",
    "events_cost": "Kosten: {cost}",
    "events_registration_needed": "Anmeldung nötig",
    "events_no_registration_needed": "ohne Anmeldung",
    "events_until": "bis {date}",
    "events_to_calendar": "In den Kalender",
    "events_download": "Auswahl als Kalenderdatei ({count} Angebote)",
    "events_subscribe": "Kalender abonnieren",
    "events_subscribe_help": (
        "Diese Adresse in der Kalender-App als Abonnement eintragen: neue und geänderte "
        "Termine kommen von selbst."
    ),
    "events_week": "KW",
    "events_more": "und {count} weitere",
    "events_more_button": "Weitere {count} Termine zeigen (noch {rest})",
    "nearby_next_dates": "Nächste Termine: {dates}",
    "popup_next_dates": "Nächste Termine",
    "map_events_week": "Termine der nächsten 7 Tage",
    "map_events_week_help": (
        "Zeigt nur Anbieter, die in den nächsten 7 Tagen einen Kurs, eine Gruppe oder eine "
        "Sprechstunde für Familien anbieten, und als Kalenderblatt die Termine an einem "
        "eigenen Ort (z. B. im Stadtteilzentrum). Alle Termine: Seite „Termine“."
    ),
    "map_events_own_place": "Termine an eigenem Ort, nächste 7 Tage: {count}",
    "events_per_area_title": "Termine für Familien je 10.000 {per}",
    "events_per_area_under_18": "unter 18",
    "events_per_area_intro": (
        "Kurse, Gruppen und Sprechstunden für Familien je Kreis: Wo sind die Netzwerke "
        "dicht, wo fehlt das Angebot? Für eine Lebensphase gezählt werden nur Termine, die "
        "sich an sie richten; der Bezug bleibt „unter 18“ (Zensus 2022), solange oben keine "
        "eigene Zahl (z. B. Kinder unter 3) als Bezug gewählt ist."
    ),
    "events_per_area_when": "Zeitraum",
    "chart_events_per_area": "Termine je 10.000 unter 18 (nächste {days} Tage)",
    "chart_networks": "Netzwerke mit dieser Berufsgruppe (%) – die seltensten",
    "networks_by_land": "Netzwerke Frühe Hilfen nach Ländern",
    "report_land": "Land",
    "networks_count": "Netzwerke",
    "networks_per_10000": "Mitglieder je 10.000 unter 18",
    "networks_rarest": "Seltenste Berufsgruppe (Anteil der Netzwerke)",
    "networks_by_land_note": (
        "Mitglieder: Anbieter, die heute Mitglied mindestens eines Netzwerks sind. Je 10.000 "
        "Einwohner unter 18 (Zensus 2022) – eine Zahl der Geburten oder der unter 3-Jährigen "
        "liegt der Familienkarte nicht vor."
    ),
    "networks_note": (
        "{networks} Netzwerke Frühe Hilfen mit {members} Mitgliedern – {per} je 10.000 unter 18."
    ),
    "networks_source": (
        "Netzwerke: Daten der Netzwerke (Familienkarte); unter 18: Zensus 2022, Statistische "
        "Ämter des Bundes und der Länder."
    ),
    "events_per_area_next": "Nächste {days} Tage",
    "events_per_area_axis": "Termine je 10.000 {per}",
    "events_per_area_area": "Gebiet",
    "events_per_area_count": "Termine",
    "events_per_area_none": "Ohne einen einzigen Termin ({count}): {names}",
    "events_per_area_source": (
        "Termine: Daten der Netzwerke (Familienkarte); unter 18: Zensus 2022, Statistische "
        "Ämter des Bundes und der Länder."
    ),
    "data_tab_events": "Termine",
    "data_tab_networks": "Netzwerke",
    "data_networks_import": "Netzwerke einlesen",
    "data_networks_import_help": (
        "Eine Tabelle (CSV/XLSX, höchstens {mb} MB) mit einer Zeile je Mitglied: Netzwerk, "
        "Kreis (AGS), Gemeinden (AGS, mit ; getrennt – leer: der ganze Kreis), Koordination, "
        "Erster Kontakt mit Telefon und Zeiten, Anbieter (Name oder ID), Rolle, seit, bis. "
        "Die Angaben des Netzwerks genügen in seiner ersten Zeile. Die Datei zum "
        "Herunterladen hat genau diesen Aufbau."
    ),
    "data_networks_csv": "Alle {count} Netzwerke (CSV)",
    "data_networks_xlsx": "Alle {count} Netzwerke (Excel)",
    "data_networks_file": "Tabelle der Netzwerke",
    "data_networks_nothing": "Kein Netzwerk gelesen – die Tabelle oben nennt die Gründe.",
    "data_networks_preview": "{count} Netzwerke mit {members} Mitgliedschaften gelesen:",
    "data_networks_store": "{count} Netzwerke speichern",
    "data_networks_kreis": "Kreis",
    "data_networks_kreis_hint": "Kreis oder kreisfreie Stadt wählen …",
    "data_networks_area": "Gebiet (Gemeinden)",
    "data_networks_area_help": (
        "Die Gemeinden, für die das Netzwerk da ist. Leer: der ganze Kreis. Eine Gemeinde "
        "darf zu zwei Netzwerken gehören."
    ),
    "data_networks_whole_kreis": "der ganze Kreis",
    "data_networks_stored_title": "Netzwerke pflegen",
    "data_networks_none": (
        "Noch keine Netzwerke gespeichert – legen Sie eins an oder lesen Sie eine Tabelle ein."
    ),
    "data_networks_new": "➕ Neues Netzwerk anlegen",
    "data_networks_choose_hint": "Netzwerk wählen …",
    "data_networks_name": "Name des Netzwerks",
    "data_networks_name_needed": "Bitte einen Namen für das Netzwerk angeben.",
    "data_networks_coordination": "Netzwerkkoordination",
    "data_networks_way_in": "Erster Kontakt für Familien (z. B. Familientelefon)",
    "data_networks_contact": "Bezeichnung",
    "data_networks_members_help": (
        "Eine Zeile je Mitglied. Wer austritt, bekommt ein Datum unter „bis“ und bleibt so "
        "in der Geschichte des Netzwerks; neue Zeilen unten anfügen."
    ),
    "data_networks_provider": "Anbieter",
    "data_networks_until": "bis",
    "data_networks_until_before": "Zeile {row}: „bis“ liegt vor „Mitglied seit“.",
    "data_networks_retire": "Netzwerk außer Betrieb nehmen",
    "data_events_import": "Termine einlesen",
    "data_events_import_help": (
        "Eine Kalenderdatei (.ics, z. B. der Export des Netzwerk-Kalenders) oder eine "
        "Tabelle (CSV/XLSX mit Spalten wie Titel, Datum, Wochentag, Beginn, Ende, Ort, "
        "Anbieter), höchstens {mb} MB. Vor dem Speichern sehen Sie, was gelesen wurde."
    ),
    "data_events_file": "Kalender oder Tabelle",
    "data_events_preview": "{count} Termine gelesen:",
    "data_events_store": "{count} Termine speichern",
    "data_events_stored": "Gespeichert: {added} neu, {updated} geändert.",
    "data_events_col_title": "Titel",
    "data_events_col_when": "Wann",
    "data_events_col_where": "Wo",
    "data_events_stored_title": "Gespeicherte Termine pflegen",
    "data_events_none": "Noch keine Termine gespeichert.",
    "data_events_choose": "Termin",
    "data_events_choose_hint": "Termin wählen …",
    "data_events_description": "Beschreibung",
    "data_events_cost": "Kosten (z. B. kostenlos oder 5 € pro Termin)",
    "data_events_registration_how": "Anmeldung (wie und wo)",
    "data_events_falls_out": "Fällt aus am (ein Datum der Reihe)",
    "data_events_title_needed": "Ein Termin braucht einen Titel.",
    "data_events_retire": "Termin entfernen",
    "data_events_begin": "Beginn",
    "data_events_end": "Ende",
    "data_events_end_before": "Das Ende muss nach dem Beginn liegen.",
    "data_events_mapping_help": (
        "Welche Spalte enthält was? Erkannt nach dem Namen; ändern Sie ein Feld, wenn die "
        "Spalte anders heißt. Nötig sind Titel und Datum oder Wochentag."
    ),
    "data_events_field_help": "leer: Spalte nicht verwenden",
    "data_events_first": "Erster Termin",
    "data_events_rhythm": "Wiederholung",
    "data_events_once": "einmalig",
    "data_events_weekly": "jede Woche",
    "data_events_biweekly": "alle 2 Wochen",
    "data_events_monthly": "jeden Monat (gleicher Wochentag, z. B. 2. Dienstag)",
    "data_events_custom": "eigene Regel (Feld darunter)",
    "data_events_until": "Letzter Termin (leer: ohne Ende)",
    "data_events_rule": "Eigene Regel (RFC 5545, gilt bei „eigene Regel“)",
    "data_events_rule_help": (
        "z. B. FREQ=WEEKLY;BYDAY=TU,TH für dienstags und donnerstags. Ausfälle tragen Sie "
        "unten bei „Fällt aus am“ ein."
    ),
    "event_field_date": "Datum (erster Termin)",
    "event_field_weekday": "Wochentag (wöchentliche Reihe)",
    "event_field_rhythm": "Rhythmus (wöchentlich, 14-täglich, monatlich)",
    "event_field_until": "Letzter Termin (bis)",
    "event_field_place": "Ort oder Adresse",
    "event_field_provider": "Anbieter (Name oder Kennung)",
    "event_field_audience": "Zielgruppe (Familien oder Fachkräfte)",
    "event_field_stages": "Lebensphase",
    "event_field_cost": "Kosten",
    "event_field_registration": "Anmeldung nötig (ja/nein)",
    "event_field_email": "E-Mail",
    "event_field_cancelled": "Fällt aus am (Daten)",
    "map_search": "Ort suchen",
    "map_search_marked": "{place} ist auf der Karte markiert.",
    "map_search_list": "Angebote in der Nähe als Liste",
    "sources_places": (
        "Ortssuche: Postleitzahl-Mittelpunkte und -Gebiete © OpenStreetMap-Mitwirkende "
        "(ODbL); Ortsteile: GeoNames (geonames.org), CC BY 4.0."
    ),
    "nearby_from_gemeinde": "Luftlinie ab einem Punkt im Ort {name}.",
    "nearby_distance": "{km} km Luftlinie",
    "way_in_title": "Ihr erster Anruf",
    "way_in_what_happens": (
        "Hier erreichen Sie die Koordination der Frühen Hilfen: kostenlos, vertraulich und "
        "ohne Antrag. Man hört Ihnen zu, sagt Ihnen, welche Hilfe passt, und vermittelt "
        "Sie weiter."
    ),
    "way_in_elsewhere": (
        "Für {kreis} ist in den Daten keine Netzwerkkoordination und kein Familientelefon "
        "eingetragen. Am nächsten ({km} km Luftlinie):"
    ),
    "way_in_your_kreis": "Ihren Kreis",
    "way_in_none": (
        "In den Daten ist keine Netzwerkkoordination und kein Familientelefon eingetragen."
    ),
    "nearby_none": "Im Umkreis von {radius} km gibt es kein passendes Angebot.",
    "nearby_bigger": " Versuchen Sie {radius} km.",
    "language": "Sprache",
    "types_explained": "Was bedeuten die Angebotsarten?",
    "nearby_locate": "Meinen Standort verwenden",
    "nearby_locate_privacy": (
        "Ihr Standort wird nur für diese Suche verwendet und nirgends gespeichert."
    ),
    "nearby_locating": "Standort wird ermittelt …",
    "nearby_location_failed": (
        "Ihr Standort ist nicht verfügbar (nicht erlaubt oder nicht ermittelbar). Geben Sie "
        "bitte eine Postleitzahl oder einen Ort ein."
    ),
    "nearby_location_outside": (
        "Ihr Standort liegt außerhalb Deutschlands. Geben Sie bitte eine Postleitzahl oder "
        "einen Ort ein."
    ),
    "nearby_my_location": "Ihr Standort",
    "nearby_from_location": "Luftlinie ab Ihrem Standort.",
    "nearby_show_on_map": "Auf der Karte zeigen",
    "nearby_selected": "Auf der Karte markiert",
    "popup_email": "E-Mail",
    "popup_hours": "Öffnungszeiten",
    "popup_verified": "Zuletzt geprüft",
    "map_cluster_mix": "{count} Angebote an dieser Stelle: {mix} – zum Auffächern klicken",
    "map_label": "Karte der Angebote",
    "verified_on": "Zuletzt geprüft: {date}",
    "planning_page": "Planung",
    "planning_title": "Planung: Wo fehlt Unterstützung?",
    "planning_intro": (
        "Für Netzwerkkoordination und Jugendhilfeplanung: Wie gut erreichen Familien ein "
        "Angebot? Entfernungen sind Luftlinie vom Ortsmittelpunkt jeder Gemeinde zum nächsten "
        "Angebot – auch jenseits von Kreis- und Landesgrenzen."
    ),
    "planning_choice": "Auswahl",
    "programmes_short": "Programme",
    "planning_help": "Was die Planung zeigt und wie sie rechnet",
    "planning_help_more": (
        "Links wählen Sie Gebiet, Angebotsart und die Entfernungsgrenze N; über der Karte "
        "die Kennzahl (Anzahl, je 10.000, Entfernung, Anteil über N km, Erreichbarkeit "
        "2SFCA), die Klassen und Programme der Gemeinden. Unter der Karte: Bedarf, Termine, "
        "Standorte zum Ausprobieren und die Gemeinden mit dem weitesten Weg."
    ),
    "planning_type": "Angebotsart",
    "planning_types_help": (
        "Mehrere Arten zählen zusammen, etwa Familienhebamme und Frühförderstelle."
    ),
    "planning_measure": "Kennzahl",
    "planning_n": "Entfernungsgrenze N",
    "planning_classes": "Klassen",
    "classes_natuerlich": "natürliche Brüche",
    "classes_quantile": "Quantile",
    "planning_computing": "Kennzahlen werden berechnet …",
    "measure_count": "Anzahl",
    "measure_per_10k": "je 10.000 Einwohner",
    "measure_distance": "Entfernung zum nächsten Angebot",
    "measure_share": "Anteil Bevölkerung über N km",
    "measure_access": "Erreichbarkeit (2SFCA)",
    "kpi_inhabitants": "Einwohner",
    "kpi_providers": "Angebote: {type}",
    "kpi_share": "Bevölkerung über {n} km entfernt",
    "no_figure": "keine Angabe",
    "population_source": "Einwohner: {source}, Stand {stand}.",
    "population_uninhabited": (
        "Ohne Einwohnerzahl: {missing} unbewohnte gemeindefreie Gebiete (Wälder, Seen) in "
        "dieser Auswahl."
    ),
    "need_title": "Angebot und Bedarf (Zensus 2022)",
    "need_intro": (
        "Angebote ({type}) je 10.000 Einwohner unter 18 neben den Anteilen des Zensus: wo der "
        "Anteil mit Migrationshintergrund hoch und das Angebot dünn ist, fehlt vielleicht ein "
        "mehrsprachiges Angebot. Quelle: {source}, Stichtag {stand}; Kreise und Länder: "
        "Summen, Anteile nach Einwohnern gewichtet."
    ),
    "need_per_10k_under_18": "Angebote je 10.000 unter 18",
    "need_unter_18": "Einwohner unter 18 (Zensus 2022)",
    "need_migration": "Anteil mit Migrationshintergrund (Zensus 2022)",
    "need_foreign": "Anteil ausländischer Staatsangehöriger (Zensus 2022)",
    "need_household": "Durchschnittliche Haushaltsgröße (Zensus 2022)",
    "need_layer_hint": "Jede dieser Kennzahlen lässt sich oben unter „Kennzahl“ als Karte zeigen.",
    "col_area": "Gebiet",
    "col_address": "Adresse in einem Feld",
    "col_housenumber": "Hausnummer",
    "col_easting": "Rechtswert / Ostwert",
    "col_northing": "Hochwert / Nordwert",
    "data_crs": "Koordinatensystem",
    "data_crs_auto": "laut Datei oder nach dem Wertebereich erkennen",
    "data_crs_help": (
        "Für Rechts-/Hochwerte oder ein GeoJSON ohne Angabe: ETRS89/UTM 32N und 33N und "
        "Gauß-Krüger Zone 2–5 werden am Wertebereich erkannt; hier lässt sich das System "
        "festlegen."
    ),
    "data_approximate": (
        "{count} Einträge liegen nur ungefähr (Mittelpunkt der PLZ). Mit einem eingestellten "
        "Geokodierer (FAMILIENKARTE_GEOCODER, siehe README) werden sie beim Speichern an ihre "
        "Adresse gesetzt, oder später mit „python -m familienkarte geokodieren“."
    ),
    "data_geocoding": "Adressen werden geokodiert: {done} von {total} …",
    "data_geocode_stop": "Geokodierung anhalten (Gespeichertes bleibt)",
    "data_geocoded": (
        "{located} von {total} Adressen gefunden und gespeichert ({cached} aus dem "
        "Zwischenspeicher)."
    ),
    "data_geocode_not_kept": (
        "{count} Antworten des Geokodierers konnten nicht zwischengespeichert werden: der "
        "Speicherplatz der Datenbank ist erschöpft. Die Punkte sind gespeichert, soweit Platz "
        "war; bitte den Betrieb verständigen."
    ),
    "old_keys_converted": "Gebietsschlüssel eines früheren Gebietsstands gelesen: {notes}.",
    "planning_none_in_region": (
        "In dieser Auswahl gibt es kein Angebot der Art {type}; die Entfernungen zeigen, wie "
        "weit es bis zum nächsten außerhalb ist."
    ),
    "planning_worst": "{count} Gemeinden mit Versorgungslücke (Grenze {n} km)",
    "gap_minimum": "Mindestversorgung je 10.000 (0: nur Entfernung)",
    "gap_column": "Lücke",
    "gap_yes": "ja",
    "gap_select_hint": "Eine Zeile wählen zeigt die Gemeinde auf der Karte.",
    "planning_method": (
        "Erreichbarkeit (2SFCA): Angebote je 10.000 Einwohner im Umkreis von N km, wobei jedes "
        "Angebot auf alle Einwohner in seinem Umkreis aufgeteilt wird (Luo & Wang 2003). "
        "Gemeinden ohne Einwohnerangabe zählen in Anteilen und Summen nicht mit."
    ),
    "export_title": "Herunterladen",
    "export_csv": "Tabelle (CSV für Excel)",
    "export_geojson": "Kennzahlen als GeoJSON",
    "export_gpkg": "Kennzahlen als GeoPackage",
    "planning_distance_note": (
        "Luftlinie vom Ortsmittelpunkt der Gemeinde zum nächsten Angebot, in ETRS89 / UTM 32N"
    ),
    "whatif_title": "Was wäre, wenn …?",
    "whatif_choose_region": (
        "Neue Standorte und Vorschläge gibt es für ein Bundesland oder einen Kreis: bitte oben "
        "eines wählen."
    ),
    "whatif_sites": "Geplante neue Standorte (Gemeinden)",
    "whatif_placeholder": "Gemeinde wählen …",
    "whatif_hint": (
        "Wählen Sie Gemeinden für gedachte neue Angebote: Die Zahlen zeigen sofort, was sie "
        "ändern; die Karte zeigt sie als rote Quadrate."
    ),
    "whatif_site": "Geplanter Standort: {name}",
    "whatif_legend": "Geplanter Standort",
    "whatif_newly": "Einwohner neu innerhalb von {n} km",
    "suggest_title": "Wo fehlt am meisten?",
    "suggest_k": "Anzahl neuer Standorte",
    "suggest_run": "Standorte vorschlagen",
    "suggest_running": "Beste Standorte werden gesucht …",
    "suggest_added": "neu erreichte Einwohner (≤ {n} km)",
    "suggest_none": "Alle Einwohner mit Angabe erreichen schon ein Angebot innerhalb von {n} km.",
    "suggest_take": "Als geplante Standorte übernehmen",
    "suggest_too_large": (
        "Für Vorschläge bitte einen Kreis oder ein kleineres Land wählen (höchstens {count} "
        "Gemeinden)."
    ),
    "suggest_method": (
        "Exakte Lösung des Maximal-Covering-Location-Problems (spopt, CBC): die Kombination, "
        "die die meisten noch nicht versorgten Einwohner erreicht; je Zeile, was der Standort "
        "zusätzlich zu den vorigen bringt."
    ),
    "planning_nearest_outside": "Am nächsten: {name} in {city}, {km} km Luftlinie.",
    "indicator_title": "Eigene Kennzahl laden (CSV oder Excel)",
    "indicator_upload": "Tabelle mit Gemeindeschlüssel (AGS) und Zahlen",
    "refused_too_large": "Die Datei ist größer als {limit_mb} MB und wird nicht gelesen.",
    "notes_first": "Die ersten {shown} von {total} Hinweisen; alle stehen in der Datei.",
    "notes_download": "Alle Hinweise als CSV",
    "refused_too_large_kb": "Die Datei ist größer als {limit_kb} kB und wird nicht gelesen.",
    "refused_members": "Die Datei enthält mehr als {limit} Teile und wird nicht gelesen.",
    "refused_unpacked": (
        "Die Datei entpackt sich auf mehr als {limit_mb} MB und wird nicht gelesen."
    ),
    "refused_ratio": (
        "Die Datei entpackt sich auf mehr als das {limit}-Fache ihrer Größe und wird nicht gelesen."
    ),
    "refused_unsafe_path": "Die Datei enthält einen unsicheren Pfad und wird nicht gelesen.",
    "refused_damaged": "Die Datei ist beschädigt und wird nicht gelesen.",
    "worker_memory": "Die Datei braucht zum Lesen zu viel Speicher und wird nicht gelesen.",
    "worker_timeout": "Das Lesen der Datei hat zu lange gedauert und wurde abgebrochen.",
    "worker_busy": (
        "Gerade werden viele Dateien gelesen. Bitte versuchen Sie es gleich noch einmal."
    ),
    "worker_crashed": "Die Datei konnte nicht gelesen werden (der Leseprozess wurde beendet).",
    "upload_quota": (
        "In dieser Sitzung wurden schon {files} Dateien oder {mb} MB geladen. Bitte laden Sie "
        "die Seite neu, um weitere Dateien zu laden."
    ),
    "uploads_off": "Das Laden eigener Dateien ist auf diesem Server abgeschaltet.",
    "upload_reading": "Die Datei wird gelesen …",
    "indicator_help": (
        "Erste Spalte oder Spalte „AGS“: 8-stelliger Gemeinde- oder 5-stelliger Kreisschlüssel "
        "(die von Excel entfernte führende Null wird ergänzt); weitere Spalten: Zahlen wie "
        "„1.234,5“, z. B. Geburten 2024 oder Kinder unter 3."
    ),
    "indicator_loaded": "{rows} Zeilen übernommen, {problems} Hinweise.",
    "indicator_remove": "„{name}“ nicht mehr verwenden",
    "indicator_kreis_spread": (
        "Kennzahlen je Kreis werden als Nenner nach Einwohnern auf die Gemeinden verteilt; die "
        "Summe je Kreis bleibt wie angegeben."
    ),
    "indicator_denominator": "Nenner für „je 10.000“, Anteile und 2SFCA",
    "indicator_inhabitants": "Einwohner (Destatis, Stand {stand})",
    "denominator_under_18": "Einwohner unter 18 (Zensus 2022, Stichtag 15.05.2022)",
    "denominator_help": (
        "Worauf „je 10.000“, Anteile und Erreichbarkeit sich beziehen: alle Einwohner, die "
        "unter 18 oder eine Spalte Ihrer eigenen Tabelle."
    ),
    "sources_title": "Datenquellen",
    "sources_boundaries": (
        "Verwaltungsgrenzen: {attribution}; {source}, Stand {edition}; Lizenz: {licence}. "
        "Für die Karte vereinfacht."
    ),
    "sources_providers_sample": "Anbieter: fiktive Beispieldaten (Familienkarte).",
    "sources_providers_file": "Anbieter: {path}",
    "export_attribution": "Quelle: Familienkarte; Grenzen {attribution}",
    "programmes": "Programme der Gemeinden",
    "programmes_help": (
        "Schraffiert die Gemeinden, die an einem Landes- oder Bundesprogramm teilnehmen; "
        "kombinierbar mit den Angeboten."
    ),
    "programmes_sample": (
        "Programmliste: fiktive Beispieldaten – die echten Listen führt das Ministerium."
    ),
    "programmes_file": "Programmliste: {name}",
    "programmes_upload": "Eigene Programmliste laden",
    "programmes_format": (
        "CSV oder XLSX mit den Spalten „ags“ (8-stelliger Gemeindeschlüssel), „programm“ "
        "(Familienmanager, Audit oder Bündnis), freiwillig „jahr“ und „hinweis“. Gilt nur "
        "für diese Sitzung."
    ),
    "programmes_loaded": "{rows} Einträge übernommen, {problems} Hinweise.",
    "programme_legend": "{name}: {count} Gemeinden",
    "programme_legend_one": "{name}: 1 Gemeinde",
    "programme_since": "seit {year}",
    "sources_programmes_sample": "Programme: fiktive Beispieldaten (Familienkarte).",
    "sources_programmes_file": "Programme: {path}",
    "all_types": "alle Angebotsarten",
    "kpi_slide_providers": "Angebote ({types})",
    "kpi_slide_familienmanager": "Gemeinden mit zertifiziertem Familienmanager (von {total})",
    "chart_per_type": "Angebote je Art",
    "chart_per_kreis": "Angebote je Kreis",
    "chart_per_gemeinde": "Angebote je Gemeinde",
    "chart_rest": "übrige",
    "source_line_boundaries": "Grenzen: {attribution}, Gebietsstand {edition}",
    "source_line_population": "Einwohner: {source}, Stand {stand}",
    "source_line_need": "Bedarf: {source}, Stichtag {stand}",
    "stand_line": "Stand der Darstellung: {date}",
    "report_note_distance": (
        "Entfernungen sind Luftlinie vom Ortsmittelpunkt jeder Gemeinde zum nächsten Angebot, "
        "auch über Kreis- und Landesgrenzen hinweg."
    ),
    "report_kpis": "Kennzahlen",
    "report_table": "Angebote nach Art",
    "report_type": "Angebotsart",
    "report_count": "Anzahl",
    "report_gemeinden": "Gemeinden",
    "report_notes": "Hinweise zu den Daten",
    "report_filters": "Auswahl",
    "report_map": "Karte",
    "report_page": "Seite",
    "report_of": "von",
    "export_view_title": "Präsentieren und exportieren",
    "export_view_help": (
        "Die aktuelle Ansicht als Folie, Druckbild, Bericht oder eigenständige Karte – auf dem "
        "Server erzeugt, ohne Online-Dienst, mit Quellen und Stand."
    ),
    "present_view": "Präsentation dieser Ansicht",
    "present_help": "Vollbild-Folie; Pfeiltasten oder Presenter blättern, Esc beendet.",
    "stories": "Geschichten",
    "story_choose": "Geschichte",
    "story_slides": "{count} Folien",
    "story_present": "Geschichte präsentieren",
    "story_download": "Geschichte herunterladen (TOML)",
    "story_add": "Aktuelle Ansicht als Folie anfügen",
    "story_upload": "Geschichte laden (TOML)",
    "story_rejected": "Geschichte nicht geladen: {message}",
    "story_own_title": "Meine Geschichte",
    "slide_count": "Folie {number} von {total}",
    "slide_loading": "Folie wird vorbereitet …",
    "slide_prev": "Zurück",
    "slide_next": "Weiter",
    "slide_exit": "Beenden",
    "data_value": "Wert in der Datei",
    "data_none_stale": "Alle Angaben sind in den letzten 12 Monaten geprüft worden.",
    "data_values_help": (
        "Diese Werte der Angebotsart-Spalte kennt die Familienkarte nicht – bitte zuordnen:"
    ),
    "data_hsds_download": "Alle Daten als HSDS-3.0-Paket (Open Referral, ZIP)",
    "data_hsds_help": (
        "Nach der offiziellen Spezifikation HSDS 3.0.0 (prüfbar mit frictionless): "
        "Organisationen, Angebote, Orte, Telefone, Sprachen, Zeiten, Termine, Netzwerke; zurück"
        " ladbar. Für andere Portale auch als API unter /hsds."
    ),
    "popup_stale": "Angaben älter als 12 Monate – bitte vorher anrufen",
    "col_stale": "Aktualität",
    "store_unavailable": (
        "Die Angebote zeigen den Stand von {when}; neue Änderungen erscheinen, sobald die "
        "Datenbank wieder erreichbar ist."
    ),
    "store_unavailable_sample": (
        "Die Angebote sind gerade nicht erreichbar; bis dahin zeigt die Karte die Beispieldaten."
    ),
    "stand_today": "heute {time} Uhr",
    "store_full": (
        "Der Speicherplatz der Datenbank ist erschöpft. Es wurde nichts geändert; bitte den "
        "Betrieb verständigen."
    ),
    "store_busy": (
        "Die Datenbank ist gerade mit einer anderen Änderung beschäftigt. Es wurde nichts "
        "geändert; bitte in einer Minute noch einmal speichern."
    ),
    "stand_day": "{day}, {time} Uhr",
    "sources_providers_store": "Anbieter: gepflegt von den Redaktionen, Stand {when}.",
    "data_page": "Daten",
    "data_title": "Daten pflegen",
    "data_login_intro": (
        "Nur für Redaktionen: Anmeldung mit einem Konto, das der Betrieb angelegt hat "
        "(python -m familienkarte benutzer NAME)."
    ),
    "data_user": "Benutzername",
    "data_password": "Passwort",
    "data_login": "Anmelden",
    "data_users_file": (
        "Die Benutzerdatei wurde nicht übernommen, es gelten die bisher gespeicherten "
        "Zugänge. Grund: {problem}"
    ),
    "data_login_failed": "Benutzername oder Passwort falsch.",
    "data_login_wait": "Zu viele Fehlversuche: bitte {seconds} Sekunden warten.",
    "data_expired": (
        "Die Sitzung ist nach 30 Minuten ohne Aktivität abgelaufen. Bitte neu anmelden."
    ),
    "data_signed_in": "Angemeldet als {user} · Datenbank: {store}",
    "data_logout": "Abmelden",
    "data_tab_upload": "Hochladen",
    "data_tab_edit": "Bearbeiten",
    "data_tab_fresh": "Aktualität",
    "data_tab_audit": "Änderungsprotokoll",
    "data_upload_help": (
        "CSV (auch aus deutschem Excel), XLSX, ODS, GeoJSON oder ein HSDS-Paket als Zip, "
        "höchstens {mb} MB. Vor dem Speichern: Vorschau, Spaltenzuordnung und Bericht je Zeile."
    ),
    "data_upload": "Datei wählen",
    "data_folder_title": "HSDS-Paket als Ordner hochladen",
    "data_folder": "Ordner wählen",
    "data_folder_help": (
        "Ein Open-Referral-HSDS-Paket, das als Ordner vorliegt (services.csv, "
        "organizations.csv, locations.csv …). Als Zip geht es auch oben."
    ),
    "data_binary": (
        "Die Datei ist keine Textdatei (Binärdaten). Bitte als CSV oder GeoJSON "
        "speichern. Nichts wurde gespeichert."
    ),
    "data_no_table": (
        "In der Datei ist keine Tabelle zu erkennen (keine Kopfzeile, keine Features). "
        "Nichts wurde gespeichert."
    ),
    "data_checking": "Datei wird geprüft …",
    "data_preview": "Vorschau: {valid} gültige Zeilen, {errors} Zeilen mit Fehlern",
    "data_nothing_valid": (
        "Keine gültige Zeile – es wird nichts gespeichert. Prüfen Sie die Spaltenzuordnung oben."
    ),
    "data_too_many_rows": (
        "{rows} Zeilen sind zu viele auf einmal (höchstens {limit}). Nichts wurde gespeichert."
    ),
    "data_how": "Wie speichern?",
    "data_how_merge": "zusammenführen (nach ID, sonst Name + Adresse; übrige bleiben)",
    "data_how_replace": "ersetzen (was in der Datei fehlt, wird außer Betrieb genommen)",
    "data_store": "{rows} Zeilen speichern",
    "data_stored": (
        "Gespeichert: {added} neu, {updated} geändert, {unchanged} unverändert, {retired}"
        " außer Betrieb genommen."
    ),
    "data_mapping": "Spaltenzuordnung",
    "data_column": "Spalte der Datei",
    "data_example": "Beispiel",
    "data_field": "Feld der Familienkarte",
    "data_field_help": (
        "leer: Spalte nicht verwenden; mehrere Spalten „street“ werden verbunden (Straße "
        "+ Hausnummer)"
    ),
    "data_flag": "0/1-Spalte für Angebotsart",
    "data_flag_help": "Zeilen mit 1, ja oder x in dieser Spalte bekommen diese Angebotsart",
    "data_type_all": "Alle Zeilen ohne eigene Angebotsart sind:",
    "data_type_none": "keine Vorgabe",
    "data_mapping_download": "Zuordnung speichern (JSON, für die Kommandozeile)",
    "data_edit_choose": "Angebot",
    "data_edit_new": "– neues Angebot –",
    "audit_at": "Zeitpunkt (UTC)",
    "audit_user": "Benutzer",
    "audit_action": "Änderung",
    "audit_provider": "Anbieter-ID",
    "audit_before": "vorher",
    "audit_after": "nachher",
    "audit_add": "neu",
    "audit_edit": "geändert",
    "audit_retire": "außer Betrieb genommen",
    "data_verified": "Angaben geprüft",
    "data_verified_help": "Setzt „Geprüft am“ auf heute.",
    "data_save": "Speichern",
    "data_saving": "Wird gespeichert …",
    "data_retire": "Außer Betrieb nehmen",
    "data_retired": (
        "„{name}“ ist außer Betrieb genommen (nicht gelöscht; das Protokoll behält es)."
    ),
    "data_saved": "„{name}“ gespeichert.",
    "data_edit_source": "Redaktion ({user})",
    "data_stale_total": "Angaben älter als 12 Monate",
    "data_stale": "älter als 12 Monate",
    "data_all": "alle",
    "data_worklist": "Zum Abarbeiten: zuerst die am längsten nicht geprüften",
    "data_audit_download": "Protokoll herunterladen (CSV)",
    "export_png": "Folie (PNG)",
    "export_png_help": "1920 × 1080 Pixel, für Präsentationen",
    "export_print": "Druck (PNG)",
    "export_print_help": "A4 quer, 300 dpi",
    "export_pdf": "Bericht (PDF)",
    "export_html": "Karte (HTML)",
    "data_scope": "Sie bearbeiten: {scope}",
    "data_scope_all": "ganz Deutschland und alle Zugänge (Betrieb)",
    "data_account_gone": "Ihr Zugang besteht nicht mehr. Bitte melden Sie sich neu an.",
    "data_refused": (
        "{count} Einträge liegen außerhalb Ihrer Gebiete und wurden nicht gespeichert; die "
        "übrigen sind gespeichert."
    ),
    "data_edit_none": "Für Ihren Zugang gibt es hier noch keinen Eintrag zu bearbeiten.",
    "data_tab_accounts": "Zugänge",
    "accounts_intro": (
        "Zugänge für Ihr Gebiet. Jede Rolle ändert nur ihre Gebiete; niemand vergibt mehr "
        "Rechte, als er selbst hat. Ein Passwort braucht mindestens 10 Zeichen."
    ),
    "accounts_name": "Benutzername",
    "accounts_role": "Rolle",
    "accounts_areas": "Gebiete",
    "accounts_origin": "Anmeldung",
    "accounts_new": "Zugang anlegen oder ändern",
    "accounts_password": "Passwort (für einen neuen Zugang oder zum Zurücksetzen)",
    "accounts_save": "Zugang speichern",
    "accounts_saved": "Zugang {name} gespeichert.",
    "accounts_remove": "Zugang entfernen",
    "accounts_removed": "Zugang {name} entfernt.",
    "role:betrieb": "Betrieb (alles)",
    "role:land": "Land",
    "role:kreis": "Kreis",
    "role:netzwerk": "Netzwerk Frühe Hilfen",
    "role:anbieter": "Anbieter (eigene Einträge)",
    "origin:lokal": "Passwort",
    "origin:oidc": "Anmeldedienst (OpenID Connect)",
    "data_oidc_login": "Mit dem Anmeldedienst anmelden",
    "data_oidc_help": (
        "Anmeldung über den Anmeldedienst Ihrer Verwaltung. Landen Sie danach auf der Karte, "
        "ohne angemeldet zu sein, war die Anmeldung nicht gültig (abgelaufen oder für eine "
        "andere Anwendung ausgestellt): bitte erneut versuchen oder den Betrieb fragen."
    ),
    "data_oidc_no_rights": (
        "Der Anmeldedienst kennt Sie, aber für Familienkarte ist Ihnen keine Rolle zugeordnet. "
        "Bitte wenden Sie sich an den Betrieb Ihres Landes."
    ),
    "data_outside": "{count} Zeilen liegen außerhalb Ihrer Gebiete und werden nicht gespeichert.",
    "popup_invented": "Beispiel (erfunden)",
    "legend_real": "echt",
    "legend_invented": "erfunden (Beispiel)",
    "popup_source": "Quelle",
    "sources_providers_embedded": (
        "Anbieter: eingebaute Daten der Familienkarte – echte Anbieter aus offenen Quellen "
        "(unten genannt), alle übrigen fiktive Beispieldaten."
    ),
    "sample_notice_mixed": (
        "**Echt und erfunden:** Echt sind {real}. Alle anderen Angebote sind frei erfunden "
        "(Namen mit „Muster“ oder „Beispiel“; auf der Karte blass mit gestricheltem Rand). „Nur"
        " echte Daten“ blendet sie aus; eigene Daten lassen sich laden – siehe README."
    ),
    "real_gba": "alle Geburtskliniken Deutschlands (G-BA-Qualitätsberichte 2023)",
    "real_rki": "alle Gesundheitsämter (RKI, Stand Mai 2026; Lage ungefähr, am PLZ-Mittelpunkt)",
    "real_bochum": "die Kitas und Familienzentren in Bochum (Stadt Bochum, 17.10.2023)",
    "real_only": "Nur echte Daten",
    "real_only_help": (
        "Blendet die erfundenen Beispieldaten aus: übrig bleiben Anbieter aus offenen Quellen "
        "und die eigenen Daten der Redaktionen."
    ),
    "empty_real": (
        "Keine echten Angebote für diese Auswahl. Echte Daten gibt es bisher für "
        "Geburtskliniken, Gesundheitsämter und Bochums Kitas – „Nur echte Daten“ ausschalten "
        "zeigt die Beispieldaten."
    ),
    "col_real": "Daten",
    "col_is_real": "echt",
    "col_invented": "erfunden",
    "situation_title": "Datenlage: was echt ist, was erfunden",
    "situation_intro": (
        "Je Land und Angebotsart: wie viele Anbieter aus echten Quellen stammen und wie viele "
        "erfundene Beispiele sind – mit Quelle, Lizenz und Stand. Kennzahlen einer Art ohne "
        "echte Anbieter sagen nichts über die Wirklichkeit."
    ),
    "situation_empty": "Keine Anbieter in diesem Gebiet.",
    "situation_type": "Angebotsart",
    "situation_real": "echt",
    "situation_invented": "erfunden",
    "situation_sources": "Quelle der echten (Lizenz, Stand)",
    "births_title": "Geburtskliniken: Wege und Geburten",
    "births_threshold": "Kleine Klinik: weniger Geburten im Jahr als",
    "births_threshold_help": (
        "Kliniken unter dieser Zahl werden hervorgehoben (üblich sind 500 Geburten im Jahr als "
        "Untergrenze in der Diskussion um Mindestmengen)."
    ),
    "births_clinics": "Geburtskliniken",
    "births_total": "Geburten 2023 in diesen Kliniken",
    "births_small": "Kliniken unter {threshold} Geburten",
    "births_children_beyond": "Unter 18 über {n} km entfernt",
    "births_note": (
        "Entfernung in Luftlinie vom Mittelpunkt jeder Gemeinde zur nächsten Geburtsklinik, "
        "auch jenseits von Kreis- und Landesgrenzen. Weiter als {n} km: {people} der Einwohner "
        "(Destatis, 31.12.2023) und {children} der unter 18-Jährigen (Zensus 2022; Frauen nach "
        "Alter enthält der eingebaute Zensus nicht). Geburten je Kreis sind Geburten in den "
        "Kliniken des Kreises, nicht Geburten seiner Einwohnerinnen."
    ),
    "births_per_kreis": "Geburten in den Kliniken je Kreis",
    "births_col_clinics": "Kliniken",
    "births_col_births": "Geburten 2023 in den Kliniken des Kreises",
    "births_col_small": "davon unter {threshold}",
    "births_col_farthest": "weiteste Gemeinde, km Luftlinie",
    "births_col_clinic": "Klinik",
    "births_col_births_2023": "Geburten 2023",
    "births_col_small_mark": "unter {threshold}",
    "births_clinics_list": (
        "{count} Geburtskliniken, die kleinsten zuerst (leer: Zahl aus Datenschutz nicht "
        "veröffentlicht)"
    ),
    "chart_births_per_kreis": "Geburten 2023 in den Kliniken je Kreis",
    "chart_births_per_land": "Geburten 2023 in den Kliniken je Land",
    "births_slide_note_area": (
        "{small} von {clinics} Kliniken mit weniger als {threshold} Geburten; weiter als {n} km"
        " (Luftlinie) von der nächsten Geburtsklinik: {people} der Einwohner, {children} der "
        "unter 18-Jährigen. Geburten in den Kliniken eines Gebiets, nicht Geburten seiner "
        "Einwohnerinnen."
    ),
    "births_kreise_none": "Kreise ohne eigene Geburtsklinik (Geburten 0): {count}",
    "sample_notice_cards": (
        "Einträge mit „Beispiel (erfunden)“ sind erfundene Beispieldaten; alle anderen stammen "
        "aus offenen Quellen, die an jedem Eintrag stehen."
    ),
    "sources_providers_store_short": "Anbieter: Redaktionen, Stand {when}",
    "sources_real_compact": "– echt: {credits}",
    "data_outside_one": "1 Zeile liegt außerhalb Ihrer Gebiete und wird nicht gespeichert.",
    "data_store_one": "1 Zeile speichern",
    "download_lossy_one": (
        "Windows-1252 kennt nicht alle Zeichen dieser Liste: in Zeile {lines} werden Zeichen "
        "durch „?“ ersetzt. Mit UTF-8 bleibt alles erhalten."
    ),
    "data_stored_events": "Dazu {count} Termine aus dem Paket: neu {added}, geändert {updated}.",
    "entry_page": "Mein Eintrag",
    "entry_title": "Ihr Eintrag in der Familienkarte",
    "entry_no_key": (
        "Diese Seite öffnen Sie mit dem persönlichen Link, den Ihnen Ihre Netzwerkkoordination "
        "geschickt hat."
    ),
    "entry_slow_down": "Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Minute.",
    "entry_invalid": (
        "Dieser Link gilt nicht (mehr). Bitte fragen Sie Ihre Netzwerkkoordination nach einem "
        "neuen."
    ),
    "entry_intro": "So sehen Familien Ihren Eintrag. Stimmt noch alles?",
    "entry_valid_until": "Ihr Link gilt bis {date}.",
    "entry_confirmed": "Danke! Ihr Eintrag ist jetzt als „geprüft vom Anbieter“ markiert.",
    "entry_waiting": (
        "Ihre Änderung ist angekommen und wartet auf Prüfung durch die Netzwerkkoordination. "
        "Bis dahin sehen Familien den bisherigen Eintrag."
    ),
    "entry_all_correct": "Alles stimmt noch",
    "entry_change_title": "Etwas hat sich geändert?",
    "entry_change_help": (
        "Ändern Sie, was nicht mehr stimmt, und senden Sie es ab. Die Netzwerkkoordination "
        "prüft es vor der Veröffentlichung."
    ),
    "entry_types": "Angebote",
    "entry_stages": "Für welche Lebensphase",
    "entry_free": "Kostenlos",
    "entry_access": "Barrierefrei",
    "entry_flag_unsaid": "keine Angabe",
    "entry_flag_yes": "ja",
    "entry_flag_no": "nein",
    "entry_description": "Beschreibung",
    "entry_gone": "Dieses Angebot gibt es nicht mehr",
    "entry_send": "Änderung senden",
    "entry_nothing_changed": (
        "Sie haben nichts geändert. Wenn alles stimmt, klicken Sie auf „Alles stimmt noch“."
    ),
    "entry_sent": "Danke! Ihre Änderung ist angekommen und wird geprüft.",
    "verified_by_provider": "Geprüft vom Anbieter am {date}",
    "verified_by_coordination": "Geprüft von der Netzwerkkoordination am {date}",
    "data_tab_review": "Rückmeldungen",
    "review_links_title": "Links an Anbieter",
    "review_links_help": (
        "Jeder Anbieter bekommt einen persönlichen Link zu seinem Eintrag: bestätigen oder "
        "Änderungen vorschlagen, ohne Zugang. Änderungen erscheinen unten zur Prüfung."
    ),
    "review_which": "Für welche Einträge",
    "review_for_stale": "alle veralteten meines Gebiets ({count})",
    "review_for_one": "einen Eintrag",
    "review_entry": "Eintrag",
    "review_days": "Gültig (Tage)",
    "review_create": "Links erstellen",
    "review_created": (
        "{count} Links erstellt, gültig bis {date}. Sie stehen nur hier und in der CSV – "
        "gespeichert wird nur ein Fingerabdruck."
    ),
    "review_link": "Link",
    "review_valid_until": "gültig bis",
    "review_csv": "Links als CSV für den Serienbrief",
    "review_mail": "E-Mails an {count} Anbieter senden",
    "review_mail_off": (
        "E-Mails verschickt die App, sobald der Betrieb einen Mailserver eingerichtet hat "
        "(FAMILIENKARTE_SMTP_HOST); bis dahin hilft die CSV für den Serienbrief."
    ),
    "review_sending": "E-Mails werden verschickt …",
    "review_mail_done": (
        "{sent} E-Mails verschickt; {missing} Anbieter ohne E-Mail-Adresse (bitte per CSV); "
        "{failed} nicht angenommen."
    ),
    "review_pending_title": "Wartende Änderungen ({count})",
    "review_none": "Keine Änderungen warten auf Prüfung.",
    "review_more": (
        "Die ältesten {shown} von {count} stehen hier; die nächsten folgen, wenn diese "
        "entschieden sind."
    ),
    "review_from": "vorgeschlagen am {date}",
    "review_gone": "Der Anbieter meldet: Dieses Angebot gibt es nicht mehr.",
    "review_field": "Feld",
    "review_now": "Jetzt",
    "review_new": "Neu",
    "review_take": "Übernehmen",
    "review_approve": "Übernehmen und veröffentlichen",
    "review_reject": "Ablehnen",
    "review_note": "Notiz (für das Protokoll)",
    "review_published": "Veröffentlicht.",
    "review_rejected": "Abgelehnt.",
    "freshness_title": "Aktualität je Kreis",
    "freshness_intro": (
        "Anteil der Einträge, die in den letzten 12 Monaten geprüft wurden, niedrigster zuerst "
        "– wo er niedrig ist, lohnen Links an die Anbieter (Seite Daten, Reiter "
        "„Rückmeldungen“)."
    ),
    "freshness_entries": "Einträge",
    "freshness_share": "in 12 Monaten geprüft",
    "freshness_by_provider": "davon vom Anbieter",
    "review_revoke": "Links dieses Eintrags widerrufen",
    "review_revoked": "{count} Links widerrufen: sie öffnen nichts mehr.",
    "lean_language": "Sprache",
    "lean_full_app": "Familienkarte mit großer Karte öffnen",
    "lean_search_label": "Postleitzahl oder Ort",
    "lean_search_button": "Suchen",
    "lean_start_heading": "Hilfe für Familien in Ihrer Nähe",
    "lean_start_intro": (
        "Familienhebammen, Beratung in der Schwangerschaft, Kitas, Frühförderung, Jugend- und "
        "Gesundheitsämter: geben Sie Ihre Postleitzahl oder Ihren Ort ein."
    ),
    "lean_big_cities": "Große Städte",
    "lean_all_places": "Alle Orte",
    "lean_all_invented": "Alle Angebote auf dieser Seite sind erfundene Beispiele.",
    "lean_none_of_type": "Im Umkreis von {radius} km gibt es kein Angebot dieser Art.",
    "lean_more_of_type": "Mehr: {type} in der Nähe",
    "lean_events_heading": "Die nächsten Termine",
    "lean_no_events": "In den nächsten {days} Tagen keine Termine im Umkreis von {radius} km.",
    "lean_all_events": "Alle Termine mit Filtern",
    "lean_back": "Zurück zu {name}",
    "lean_map_label": "Karte der Angebote",
    "lean_full_map": "Auf der großen Karte zeigen",
    "lean_nearby_link": "In meiner Nähe: mit Filtern suchen",
    "lean_planning": "Planung",
    "lean_invented_entry": "Dieser Eintrag ist ein erfundenes Beispiel: bitte nicht anrufen.",
    "lean_no_provider_events": "In den nächsten {days} Tagen keine Termine.",
    "lean_start_title": "Familienkarte – Hilfe für Familien in Ihrer Nähe",
    "lean_start_description": (
        "Familienhebammen, Schwangerschaftsberatung, Kitas, Frühförderung und Ämter in ganz "
        "Deutschland: mit Telefonnummer, Adresse und Terminen, in sechs Sprachen."
    ),
    "lean_not_found_title": "Seite nicht gefunden",
    "lean_not_found_text": "Diese Adresse kennen wir nicht. Suchen Sie Ihren Ort:",
    "lean_choose_heading": "Welcher Ort?",
    "lean_choose": "Mehrere Gemeinden heißen so ({name}). Welche meinen Sie?",
    "lean_title_type": "{type} nahe {place}",
    "lean_description_type": (
        "{type} nahe {place}: Adressen, Telefonnummern und Öffnungszeiten, die nächsten zuerst."
    ),
    "lean_heading_type": "{type} nahe {place}",
    "lean_title_gemeinde": "Hilfe für Familien in {place}",
    "lean_description_gemeinde": (
        "Hilfe für Familien in {place}: wen Sie zuerst anrufen, Familienhebammen, Beratung, "
        "Kitas und Ämter in der Nähe mit Telefonnummer und Adresse, die nächsten Termine."
    ),
    "lean_heading_gemeinde": "Hilfe für Familien in {place}",
    "lean_provider_missing": "Diesen Eintrag gibt es nicht (mehr). Suchen Sie Hilfe in Ihrem Ort:",
    "lean_title_provider": "{name} – {kinds} in {place}",
    "lean_description_provider": (
        "{name} ({kinds}) in {place}: Telefonnummer, Adresse, Öffnungszeiten und Termine."
    ),
    "lean_query_too_long": "Die Adresse ist zu lang.",
    "export_html_help": "Eine Datei, die ohne Internet im Browser öffnet – z. B. vom USB-Stick",
}


def messages() -> Iterator[tuple[str, str]]:
    """Every message as ``(key, German text)``: the UI texts and the taxonomy's labels."""
    yield from _GERMAN.items()
    for service in SERVICE_TYPES:
        yield f"type:{service.code}", service.label_de
        yield f"type_description:{service.code}", service.description_de
    for group in SERVICE_GROUPS:
        yield f"group:{group.code}", group.label_de
    for code, label in LIFE_STAGES.items():
        yield f"stage:{code}", label
    for item in PROGRAMMES:
        yield f"programme:{item.code}", item.label_de


def catalogue_path(language: str) -> Path:
    """The ``.po`` file of a language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (German: the messages as written)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with catalogue_path(language).open("rb") as source:
        catalogue = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def use_language(language: str) -> None:
    """Set the language of this script run (one of :data:`LANGUAGES`)."""
    _language.set(language if language in LANGUAGES else SOURCE_LANGUAGE)


def language() -> str:
    """The language of this script run."""
    return _language.get()


def is_rtl(language: str) -> bool:
    """Whether a language is written right to left (from CLDR, via babel)."""
    return Locale.parse(language).character_order == "right-to-left"


def native_name(language: str) -> str:
    """A language's name in itself, e.g. "Türkçe" – how people find theirs in a list."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def language_name(code: str) -> str:
    """Name of a spoken language (ISO 639-1 code) in the UI language."""
    return Locale.parse(language()).languages.get(code, code)


def _translate(key: str, german: str) -> str:
    return translations(language()).pgettext(key, german)


def t(key: str, **values: object) -> str:
    """Return the text for ``key`` in the current language, with ``values`` filled in."""
    text = _translate(key, _GERMAN[key])
    return text.format(**values) if values else text


def md_literal(text: object) -> str:
    """Text from data or a URL, for a Markdown context: shown as typed, never as markup."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def phone_link(phone: str, label: str | None = None) -> str:
    """A phone number from data as a Markdown ``tel:`` link after ``label`` (Markdown;
    default "Telefon"); only digits and "+" reach the link. The number is isolated
    left to right: in an Arabic line the groups of digits would otherwise come in
    reverse order."""
    return (
        f"{label or t('popup_phone')}: [\u2066{md_literal(phone)}\u2069](tel:{dial_digits(phone)})"
    )


def dial_digits(phone: str) -> str:
    """What a ``tel:`` link may hold: digits and "+" only."""
    return "".join(c for c in phone if c.isdigit() or c == "+")


def number(value: float, decimals: int = 0) -> str:
    """A number as the UI language writes it (thousands separator, decimal mark)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=language())


def type_label(code: str) -> str:
    """Label of a service type in the current language."""
    return _translate(f"type:{code}", service_type(code).label_de)


def type_description(code: str) -> str:
    """One plain sentence on what a service type does, in the current language."""
    return _translate(f"type_description:{code}", service_type(code).description_de)


def group_label(code: str) -> str:
    """Label of a service group in the current language."""
    for group in SERVICE_GROUPS:
        if group.code == code:
            return _translate(f"group:{code}", group.label_de)
    return code


def stage_label(code: str) -> str:
    """Label of a life stage (:data:`providers.LIFE_STAGES`) in the current language."""
    return _translate(f"stage:{code}", LIFE_STAGES.get(code, code))


def programme_label(code: str) -> str:
    """Name of a programme (:data:`planning.PROGRAMMES`) in the current language."""
    return _translate(f"programme:{code}", programme(code).label_de)
