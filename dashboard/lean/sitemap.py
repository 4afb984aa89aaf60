"""``/sitemap.xml``, one sitemap per Land (``/sitemap-05.xml``, split after 50,000
addresses as the protocol wants: ``/sitemap-05-2.xml``) and ``/robots.txt``.

Listed: every Gemeinde's page; a Gemeinde's page of one kind where the Gemeinde has
a real provider of that kind; every real provider's page. Invented sample entries
are not listed (their pages say ``noindex``).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from dashboard import cache
from dashboard.lean.content import TYPE_CODES, provider_url, slugs
from geodata import parent_ags

#: The protocol's limit of addresses per file.
PER_FILE = 50_000
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_LAST: dict = {}


def _paths_by_land() -> dict[str, list[str]]:
    frame = cache.provider_data().frame
    real = frame[~frame["is_sample"].astype(bool)]
    kinds: dict[str, set[str]] = {}
    for ags, codes in zip(real["gemeinde_ags"], real["service_types"], strict=True):
        if isinstance(ags, str):
            kinds.setdefault(ags, set()).update(codes)
    paths: dict[str, list[str]] = {}
    table = slugs()
    for ags, slug in table.items():
        listed = paths.setdefault(parent_ags(ags, "land"), [])
        listed.append(f"/hilfe/{slug}")
        listed.extend(f"/hilfe/{slug}/{code}" for code in TYPE_CODES if code in kinds.get(ags, ()))
    for provider_id, land in zip(real["id"], real["land_ags"], strict=True):
        if isinstance(land, str):
            paths.setdefault(land, []).append(provider_url(str(provider_id)))
    return paths


def paths_by_land(version: str) -> dict[str, list[str]]:
    """The addresses (paths) per Land key, built once per data version."""
    if _LAST.get("version") != version:
        _LAST.clear()
        _LAST.update(version=version, paths=_paths_by_land())
    return _LAST["paths"]


def part_names(paths: dict[str, list[str]]) -> list[str]:
    """``["05", "09", "09-2", …]``: one file per Land, more for a Land over the limit."""
    names = []
    for land in sorted(paths):
        parts = max(1, -(-len(paths[land]) // PER_FILE))
        names.extend(land if part == 1 else f"{land}-{part}" for part in range(1, parts + 1))
    return names


def sitemap_index(base: str, names: list[str]) -> str:
    rows = "".join(
        f"<sitemap><loc>{escape(base)}/sitemap-{name}.xml</loc></sitemap>" for name in names
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">{rows}'
        "</sitemapindex>\n"
    )


def sitemap_part(base: str, paths: dict[str, list[str]], name: str) -> str | None:
    """One file (``"05"`` or ``"05-2"``), or ``None`` for a name that is none."""
    land, _, part = name.partition("-")
    if land not in paths or (part and not part.isdigit()):
        return None
    number = int(part or 1)
    chosen = paths[land][(number - 1) * PER_FILE : number * PER_FILE]
    if not chosen or part == "1":
        return None
    rows = "".join(f"<url><loc>{escape(base + path)}</loc></url>" for path in chosen)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">{rows}</urlset>\n'


def robots(base: str, indexing: bool) -> str:
    """``robots.txt``: the family pages open to search engines (or nothing, on a staging
    server), the app's inner workings closed."""
    if not indexing:
        return "User-agent: *\nDisallow: /\n"
    return (
        "User-agent: *\n"
        "Allow: /hilfe\nAllow: /anbieter/\n"
        "Disallow: /_stcore/\nDisallow: /component/\nDisallow: /eintrag\nDisallow: /daten\n"
        "Disallow: /hsds\nDisallow: /termine.ics\n"
        f"\nSitemap: {base}/sitemap.xml\n"
    )
