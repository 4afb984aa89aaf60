"""Service-type taxonomy: Familienmanager and the partners of the Netzwerke Frühe Hilfen.

Codes are stable ASCII identifiers used in files, URLs (``?typ=``) and exports;
labels are what people read. In Open Referral HSDS terms each code is a
taxonomy term attached to a service.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

GROUP_FAMILIENMANAGER = "familienmanager"
GROUP_FRUEHE_HILFEN = "fruehe_hilfen"


@dataclass(frozen=True)
class ServiceGroup:
    """A group of service types, shown together in filters and the legend."""

    code: str
    label_de: str
    label_en: str


@dataclass(frozen=True)
class ServiceType:
    """One kind of family support.

    Attributes
    ----------
    code
        Stable identifier, e.g. ``"familienhebamme"``.
    label_de, label_en
        German and English label.
    group
        Code of the :class:`ServiceGroup`.
    color
        Marker colour (hex) on the map and in the legend.
    description_de
        One sentence in plain German on what the service does for a family.
    """

    code: str
    label_de: str
    label_en: str
    group: str
    color: str
    description_de: str = ""


SERVICE_GROUPS: tuple[ServiceGroup, ...] = (
    ServiceGroup(GROUP_FAMILIENMANAGER, "Familienmanager", "Family managers"),
    ServiceGroup(GROUP_FRUEHE_HILFEN, "Frühe Hilfen", "Early childhood support"),
)

# Colours: Okabe–Ito and Tableau hues, told apart by people with colour
# vision deficiencies as far as twelve hues allow; the group is also told by shape.
SERVICE_TYPES: tuple[ServiceType, ...] = (
    ServiceType(
        "familienmanager",
        "Familienmanager/in",
        "Family manager",
        GROUP_FAMILIENMANAGER,
        "#6a1b9a",
        (
            "Ansprechperson in der Stadt oder Gemeinde, die Angebote für Familien vor Ort "
            "kennt, bündelt und weiterhilft."
        ),
    ),
    ServiceType(
        "familienhebamme",
        "Familienhebamme / FGKiKP",
        "Family midwife / family paediatric nurse",
        GROUP_FRUEHE_HILFEN,
        "#d81b60",
        (
            "Besucht Schwangere und Familien mit einem Baby bis zum ersten Geburtstag zu "
            "Hause und hilft bei Gesundheit, Pflege und Alltag."
        ),
    ),
    ServiceType(
        "schwangerschaftsberatung",
        "Schwangerschaftsberatung",
        "Pregnancy counselling",
        GROUP_FRUEHE_HILFEN,
        "#e65100",
        (
            "Berät kostenlos und vertraulich in der Schwangerschaft – zu Geld, Rechten, "
            "Sorgen und Entscheidungen."
        ),
    ),
    ServiceType(
        "geburtsklinik",
        "Geburtsklinik",
        "Maternity clinic",
        GROUP_FRUEHE_HILFEN,
        "#b71c1c",
        (
            "Krankenhaus, in dem Sie Ihr Kind mit Hebammen, Ärztinnen und Ärzten zur Welt "
            "bringen können."
        ),
    ),
    ServiceType(
        "fruehfoerderstelle",
        "Frühförderstelle",
        "Early intervention centre",
        GROUP_FRUEHE_HILFEN,
        "#2e7d32",
        (
            "Fördert Babys und kleine Kinder, die sich langsamer entwickeln oder eine "
            "Behinderung haben, und berät die Eltern."
        ),
    ),
    ServiceType(
        "spz",
        "Sozialpädiatrisches Zentrum",
        "Social paediatric centre",
        GROUP_FRUEHE_HILFEN,
        "#00838f",
        (
            "Ärztliches Zentrum für Kinder mit Entwicklungsstörungen oder chronischen "
            "Krankheiten, meist mit Überweisung."
        ),
    ),
    ServiceType(
        "jugendamt",
        "Jugendamt",
        "Youth welfare office",
        GROUP_FRUEHE_HILFEN,
        "#1565c0",
        (
            "Amt der Stadt oder des Kreises, das Familien berät und unterstützt – bei "
            "Erziehung, Betreuung und in Krisen."
        ),
    ),
    ServiceType(
        "gesundheitsamt",
        "Gesundheitsamt",
        "Public health office",
        GROUP_FRUEHE_HILFEN,
        "#283593",
        "Amt für Gesundheit, das zu Impfungen und Kindergesundheit berät und Hilfen vermittelt.",
    ),
    ServiceType(
        "familienzentrum",
        "Familienzentrum",
        "Family centre",
        GROUP_FRUEHE_HILFEN,
        "#f9a825",
        (
            "Treffpunkt für Familien, oft in einer Kita, mit Beratung, Kursen und Angeboten "
            "für Eltern und Kinder."
        ),
    ),
    ServiceType(
        "kita",
        "Kita",
        "Day care centre",
        GROUP_FRUEHE_HILFEN,
        "#8d6e63",
        (
            "Betreuung für Kinder vom ersten Lebensjahr bis zur Schule, mit Spielen, Lernen "
            "und festen Bezugspersonen."
        ),
    ),
    ServiceType(
        "kinderarztpraxis",
        "Kinderarztpraxis",
        "Paediatric practice",
        GROUP_FRUEHE_HILFEN,
        "#558b2f",
        "Arztpraxis für Kinder: Vorsorgeuntersuchungen, Impfungen und Hilfe bei Krankheit.",
    ),
    ServiceType(
        "familienbildung",
        "Familienbildung / Elternkurse",
        "Family education / parenting courses",
        GROUP_FRUEHE_HILFEN,
        "#ad1457",
        (
            "Kurse und Treffen für Eltern, etwa zu Geburt, Babypflege und Erziehung, und "
            "Eltern-Kind-Gruppen."
        ),
    ),
    ServiceType(
        "netzwerkkoordination",
        "Netzwerkkoordination / Familientelefon",
        "Network coordination / family helpline",
        GROUP_FRUEHE_HILFEN,
        "#37474f",
        (
            "Erste Anlaufstelle der Frühen Hilfen: hört zu, klärt, welche Hilfe passt, und "
            "vermittelt Sie weiter."
        ),
    ),
)

_BY_CODE: dict[str, ServiceType] = {t.code: t for t in SERVICE_TYPES}
#: Position of each code in :data:`SERVICE_TYPES`: its order in lists, its number on the map.
TYPE_INDEX: dict[str, int] = {t.code: index for index, t in enumerate(SERVICE_TYPES)}


def _key(text: str) -> str:
    """Fold case, accents, spaces and punctuation so labels match loosely."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in folded if c.isalnum())


# Labels, their parts around "/" and a few common spellings all resolve.
_ALIASES: dict[str, str] = {}
for _type in SERVICE_TYPES:
    for _name in (_type.code, _type.label_de, _type.label_en, *_type.label_de.split("/")):
        _ALIASES.setdefault(_key(_name), _type.code)
_ALIASES.update(
    {
        _key(alias): code
        for alias, code in {
            "Familienmanager": "familienmanager",
            "Familienmanagerin": "familienmanager",
            "Hebamme": "familienhebamme",
            "FGKiKP": "familienhebamme",
            "Familien-Gesundheits- und Kinderkrankenpflegerin": "familienhebamme",
            "SPZ": "spz",
            "Kindertagesstätte": "kita",
            "Kinderarzt": "kinderarztpraxis",
            "Elternkurs": "familienbildung",
            "Familientelefon": "netzwerkkoordination",
            "Netzwerkkoordination Frühe Hilfen": "netzwerkkoordination",
            "Frühförderung": "fruehfoerderstelle",
        }.items()
    }
)


def service_type(code: str) -> ServiceType:
    """Return the service type with this code.

    Raises
    ------
    KeyError
        If the code is unknown.
    """
    return _BY_CODE[code]


def resolve_service_type(text: str) -> str | None:
    """Map a code, a German or English label or a common alias to a code.

    Parameters
    ----------
    text
        What a user wrote, e.g. ``"Familienhebamme"`` or ``"spz"``.

    Returns
    -------
    str or None
        The code, or ``None`` if nothing matches.
    """
    return _ALIASES.get(_key(text))


def types_in_group(group: str) -> list[ServiceType]:
    """Service types of one group, in taxonomy order."""
    return [t for t in SERVICE_TYPES if t.group == group]


def is_service_type(code: str) -> bool:
    """Whether ``code`` is a known service-type code."""
    return code in _BY_CODE
