"""Rights from the operator's identity provider: a claim of the signed-in person (e.g.
``groups`` or ``familienkarte_rollen``) maps to a role and areas through a small table
in the configuration (``.streamlit/secrets.toml``, beside Streamlit's own ``[auth]``)::

    [familienkarte_anmeldung]
    anspruch = "groups"        # the claim that carries the groups
    passwoerter = true         # false: only the identity provider signs in

    [familienkarte_anmeldung.gruppen]
    "fk-betrieb" = { rolle = "betrieb" }
    "fk-nrw" = { rolle = "land", gebiete = ["05"] }
    "fk-rhein-sieg" = { rolle = "kreis", gebiete = ["05382"] }

Someone whose claim names no group of the table gets no rights.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from store.rights import Rights, Role
from store.users import rights_from

_RANK = [Role.BETRIEB, Role.LAND, Role.KREIS, Role.NETZWERK, Role.ANBIETER]


@dataclass(frozen=True)
class ClaimTable:
    """The configured claim, whether local passwords stay, and group → rights."""

    claim: str = "groups"
    passwords: bool = True
    groups: dict[str, Rights] = field(default_factory=dict)

    @classmethod
    def from_config(cls, section: Mapping[str, object]) -> ClaimTable:
        """The table of a ``[familienkarte_anmeldung]`` section.

        Raises
        ------
        ValueError
            For a group with an unknown role or bad areas (in German, naming it).
        """
        groups: dict[str, Rights] = {}
        listed = section.get("gruppen", {})
        if not isinstance(listed, Mapping):
            raise ValueError("familienkarte_anmeldung.gruppen: erwartet wird eine Tabelle.")
        for group, entry in listed.items():
            if not isinstance(entry, Mapping):
                raise ValueError(f"Gruppe „{group}“: erwartet werden rolle und gebiete.")
            try:
                groups[str(group)], _ = rights_from(entry.get("rolle"), entry.get("gebiete", []))
            except ValueError as error:
                raise ValueError(f"Gruppe „{group}“: {error}") from None
        return cls(
            str(section.get("anspruch", "groups")), bool(section.get("passwoerter", True)), groups
        )

    def rights_for(self, claims: Mapping[str, object]) -> Rights | None:
        """The rights of a person with ``claims``: of the mapped groups the one with the
        most rights, with the areas of all its groups of that role; ``None``: no group
        of the table."""
        value = claims.get(self.claim, [])
        named = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        found = [self.groups[str(group)] for group in named if str(group) in self.groups]
        if not found:
            return None
        best = min(found, key=lambda rights: _RANK.index(rights.role))
        areas = [area for rights in found if rights.role is best.role for area in rights.areas]
        return Rights(best.role, tuple(dict.fromkeys(areas)))


def account_name(claims: Mapping[str, object]) -> str | None:
    """The account's name from the claims: ``preferred_username``, ``email`` or ``sub``."""
    for key in ("preferred_username", "email", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            # Account names are letters, digits and . @ - _ (an IdP's "auth0|123" too).
            return re.sub(r"[^\w.@-]", "_", value.strip())[:100]
    return None
