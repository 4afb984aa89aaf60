"""What an editor may change: a role and its areas, checked by the store at every write.

Five roles, from the most to the least:

- ``betrieb`` – the operator: everything, accounts included;
- ``land`` – everything within its Länder (AGS of 2 digits), and the accounts there;
- ``kreis`` – providers, Termine and networks of its Kreise (AGS of 5 digits);
- ``netzwerk`` – its networks (ids): their memberships, the member providers and
  their Termine;
- ``anbieter`` – only the named provider entries (ids) and their Termine.

The web pages act for an :class:`Editor` (a signed-in account): the store reads its
role and areas from the accounts table inside each write, so an account removed or
narrowed meanwhile is refused at its next write. A plain name stands for code run on
the machine itself (the command line, the seeding): the operator, with every right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from geodata import is_within


class Role(StrEnum):
    """An account's role (its value is what the users file and the command line say)."""

    BETRIEB = "betrieb"
    LAND = "land"
    KREIS = "kreis"
    NETZWERK = "netzwerk"
    ANBIETER = "anbieter"


#: What each role's areas are, for messages and the command line's help.
AREA_KIND = {
    Role.BETRIEB: "",
    Role.LAND: "Land (AGS mit 2 Ziffern)",
    Role.KREIS: "Kreis (AGS mit 5 Ziffern)",
    Role.NETZWERK: "Netzwerk (Kennung)",
    Role.ANBIETER: "Anbieter (Kennung)",
}
_RANK = {Role.BETRIEB: 4, Role.LAND: 3, Role.KREIS: 2, Role.NETZWERK: 1, Role.ANBIETER: 0}


@dataclass(frozen=True)
class Editor:
    """A signed-in account, by name: its rights are what the store holds at the write."""

    name: str

    def __str__(self) -> str:
        return self.name


def actor_name(user: str | Editor) -> str:
    """The name the audit trail records for ``user``."""
    return user.name if isinstance(user, Editor) else user


@dataclass(frozen=True)
class Rights:
    """A role and its areas (AGS of Länder or Kreise, or network or provider ids)."""

    role: Role
    areas: tuple[str, ...] = ()

    @classmethod
    def stored(cls, role: str, areas: list | None) -> Rights:
        """Rights as the accounts table keeps them (role text, areas as JSON)."""
        return cls(Role(role), tuple(areas or ()))

    @property
    def everything(self) -> bool:
        return self.role is Role.BETRIEB

    @property
    def may_import(self) -> bool:
        """Whether the account may load files, add providers and keep mapping tables."""
        return self.role in (Role.BETRIEB, Role.LAND, Role.KREIS)

    @property
    def may_manage_accounts(self) -> bool:
        return self.role in (Role.BETRIEB, Role.LAND)

    def covers_kreis(self, kreis: str | None) -> bool:
        """Whether everything in Kreis ``kreis`` (AGS of 5 digits) is the account's."""
        if self.role is Role.BETRIEB:
            return True
        if not kreis:
            return False
        if self.role is Role.LAND:
            return any(is_within(kreis, land) for land in self.areas)
        return self.role is Role.KREIS and kreis in self.areas

    def may_provider(self, provider_id: str, kreis: str | None, networks: Iterable[str]) -> bool:
        """Whether the account may change the provider ``provider_id`` lying in ``kreis``
        and member of ``networks`` (their ids)."""
        if self.role is Role.NETZWERK:
            return any(network in self.areas for network in networks)
        if self.role is Role.ANBIETER:
            return provider_id in self.areas
        return self.covers_kreis(kreis)

    def may_network(self, network_id: str, kreis: str | None) -> bool:
        """Whether the account may change the network ``network_id`` of ``kreis``."""
        if self.role is Role.NETZWERK:
            return network_id in self.areas
        return self.role is not Role.ANBIETER and self.covers_kreis(kreis)

    def may_grant(self, other: Rights, kreis_of: Callable[[Role, str], str | None]) -> bool:
        """Whether the account may create an account with ``other`` rights: only inside its
        own areas, never with more rights than its own. ``kreis_of(role, area)`` is the
        Kreis of a network's or provider's id (``None`` when unknown)."""
        if self.role is Role.BETRIEB:
            return True
        if self.role is not Role.LAND or _RANK[other.role] > _RANK[self.role] or not other.areas:
            return False
        if other.role is Role.LAND:
            return all(area in self.areas for area in other.areas)
        if other.role is Role.KREIS:
            return all(self.covers_kreis(area) for area in other.areas)
        return all(self.covers_kreis(kreis_of(other.role, area)) for area in other.areas)


#: The rights of code run on the machine itself (command line, seeding).
OPERATOR = Rights(Role.BETRIEB)
