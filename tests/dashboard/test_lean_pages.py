"""The lean family pages as a search engine, an old phone without JavaScript and an
attacker see them: every page kind carries the provider's phone number in plain HTML;
titles, canonical links, hreflang and schema.org JSON-LD are right; the sitemaps
validate against the sitemaps.org XSD; unknown and old addresses answer helpfully;
hostile data stays text; answers are cached per data version."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import msgspec_schemaorg.models as schema_org
import pytest
import xmlschema
from lxml import html as lxml_html
from starlette.testclient import TestClient

from tests.harness.routes import route_client

pytestmark = pytest.mark.slow

SITEMAP_XSD = Path(__file__).parents[1] / "data" / "sitemaps"
HOSTILE = '</script><img src=x onerror=alert(1)> "Kita" & <b>fett</b>'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[TestClient]:
    """The app's routes on the default install's store (sample and real open data)."""
    with route_client(tmp_path_factory.mktemp("lean"), "https://familien.test") as client:
        yield client


def _tree(response):
    return lxml_html.fromstring(response.text)


def _rsk_office():
    """The real Gesundheitsamt of the Rhein-Sieg-Kreis (RKI open data), in Siegburg."""
    from dashboard import cache

    frame = cache.provider_data().frame
    return frame[frame["id"] == "rki-1.05.3.82"].iloc[0]


def _phones(response) -> list[str]:
    return [link.text_content() for link in _tree(response).xpath("//a[starts-with(@href,'tel:')]")]


def test_every_page_kind_shows_the_phone_number_without_javascript(site):
    office = _rsk_office()
    found = site.get("/hilfe?ort=53721", follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == "/hilfe/siegburg"
    start = site.get("/hilfe")
    assert start.status_code == 200
    assert _tree(start).xpath("//form[@action='/hilfe']//input[@name='ort']")
    for path in ("/hilfe/siegburg", "/hilfe/siegburg/gesundheitsamt", "/anbieter/rki-1.05.3.82"):
        page = site.get(path)
        assert page.status_code == 200, path
        assert "<script src" not in page.text.split("</main>")[0], "no script before the list"
        assert any(office["phone"] in phone for phone in _phones(page)), path
        assert f'href="tel:{"".join(c for c in office["phone"] if c.isdigit())}"' in page.text
    # the first call of the Kreis stands above the lists
    siegburg = _tree(site.get("/hilfe/siegburg"))
    headings = [h.text_content() for h in siegburg.xpath("//h2")]
    assert headings[0] == "Ihr erster Anruf" and "Gesundheitsamt" in headings


def test_the_pages_list_the_same_nearest_providers_as_in_meiner_naehe(site):
    from dashboard import cache
    from dashboard.lean import content
    from providers import provider_mask

    frame = cache.provider_data().frame
    place = cache.gazetteer().gemeinde(content.find_gemeinde("siegburg").ags)
    wanted = provider_mask(frame, ["familienhebamme"])
    nearest = cache.provider_index().nearest(place.lat, place.lon, 50_000, 20, wanted)
    expected = [frame.iloc[p]["name"] for p in nearest.positions]
    page = _tree(site.get("/hilfe/siegburg/familienhebamme"))
    listed = [h.text_content() for h in page.xpath("//article/h3")]
    assert listed == expected and len(listed) >= 3


def test_titles_descriptions_and_alternatives_are_unique_and_right(site):
    titles, descriptions = set(), set()
    paths = ["/hilfe", "/hilfe/siegburg", "/hilfe/siegburg/gesundheitsamt", "/hilfe/bochum"]
    paths.append("/anbieter/rki-1.05.3.82")
    for path in paths:
        tree = _tree(site.get(path))
        assert tree.get("lang") == "de" and tree.get("dir") == "ltr"
        titles.add(tree.findtext(".//title"))
        descriptions.add(tree.xpath("//meta[@name='description']/@content")[0])
        assert tree.xpath("//link[@rel='canonical']/@href") == ["https://familien.test" + path]
        alternates = dict(
            zip(
                tree.xpath("//link[@rel='alternate']/@hreflang"),
                tree.xpath("//link[@rel='alternate']/@href"),
                strict=True,
            )
        )
        assert set(alternates) == {"de", "en", "tr", "ar", "uk", "ru", "x-default"}
        assert alternates["tr"] == f"https://familien.test{path}?lang=tr"
    assert len(titles) == len(paths) and len(descriptions) == len(paths)
    assert "Hilfe für Familien in Siegburg (Rhein-Sieg-Kreis) – Familienkarte" in titles


def test_arabic_is_right_to_left_and_turkish_translated(site):
    arabic = _tree(site.get("/hilfe/siegburg?lang=ar"))
    assert arabic.get("lang") == "ar" and arabic.get("dir") == "rtl"
    assert arabic.xpath("//h2")[0].text_content() != "Ihr erster Anruf"
    turkish = _tree(site.get("/hilfe/siegburg?lang=tr"))
    assert turkish.findtext(".//h1") == "Aileler için destek: Siegburg"
    # links keep the language
    assert all(href.endswith("lang=tr") for href in turkish.xpath("//article//h3/a/@href")), (
        "a card leads to the page in the same language"
    )


def _nodes(value) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _nodes(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _nodes(inner)


#: msgspec-schemaorg's classes keep a type's first schema.org parent only; the others,
#: as schema.org names them (https://schema.org/LocalBusiness: "Organization, Place";
#: https://schema.org/MedicalClinic: "MedicalBusiness, MedicalOrganization").
_SECOND_PARENTS = {"LocalBusiness": ("Place",), "MedicalClinic": ("MedicalBusiness",)}


def _properties(model) -> set[str]:
    known = set(model.__struct_fields__)  # its own and its first parents'
    for parent in model.__mro__:
        for other in _SECOND_PARENTS.get(parent.__name__, ()):
            known |= _properties(getattr(schema_org, other))
    return known


def _schema_problems(graph: dict) -> list[str]:
    """Every typed node is a schema.org type and uses only that type's properties
    (the vocabulary as msgspec-schemaorg generates it from schema.org)."""
    problems = []
    for node in _nodes(graph):
        kind = node.get("@type")
        if kind is None:
            continue
        model = getattr(schema_org, kind, None)
        if model is None:
            problems.append(f"{kind}: no schema.org type")
            continue
        known = _properties(model)
        problems.extend(
            f"{kind}.{key}" for key in node if not key.startswith("@") and key not in known
        )
    return problems


def _json_ld(response) -> dict:
    (text,) = _tree(response).xpath("//script[@type='application/ld+json']/text()")
    return json.loads(text)


def test_json_ld_reads_back_as_schema_org(site):
    page = _json_ld(site.get("/hilfe/siegburg"))
    assert page["@context"] == "https://schema.org"
    assert _schema_problems(page) == []
    nodes = list(_nodes(page))
    kinds = {node["@type"] for node in nodes if "@type" in node}
    assert {"GovernmentService", "GovernmentOffice", "LocalBusiness", "Event"} <= kinds
    real = _rsk_office()
    office = next(
        n for n in nodes if n.get("@type") == "GovernmentOffice" and n["name"] == real["name"]
    )
    assert office["telephone"] == real["phone"]
    assert office["address"]["postalCode"] and office["geo"]["latitude"]
    event = next(n for n in nodes if n.get("@type") == "Event")
    assert event["startDate"] and event["location"]["name"]
    hours = [n for n in nodes if "openingHours" in n]
    assert hours and all(
        re.fullmatch(r"[A-Z][a-z]([-,][A-Z][a-z])* \d\d:\d\d-\d\d:\d\d", h)
        for n in hours
        for h in n["openingHours"]
    )
    clinic = _json_ld(site.get("/hilfe/siegburg/geburtsklinik"))
    assert _schema_problems(clinic) == []
    assert any(n.get("@type") == "Hospital" for n in _nodes(clinic))


def test_the_sitemaps_validate_against_the_sitemap_xsd(site, monkeypatch):
    from dashboard import cache
    from dashboard.lean import sitemap

    index_schema = xmlschema.XMLSchema(SITEMAP_XSD / "siteindex.xsd")
    urlset_schema = xmlschema.XMLSchema(SITEMAP_XSD / "sitemap.xsd")
    index = site.get("/sitemap.xml")
    assert index.status_code == 200 and index.headers["content-type"].startswith("application/xml")
    index_schema.validate(index.text)
    parts = re.findall(r"<loc>([^<]+)</loc>", index.text)
    assert len(parts) == 16 and "https://familien.test/sitemap-05.xml" in parts
    urls = []
    for part in parts:
        answer = site.get(part.removeprefix("https://familien.test"))
        urlset_schema.validate(answer.text)
        urls += re.findall(r"<loc>([^<]+)</loc>", answer.text)
    assert len(urls) == len(set(urls))
    assert "https://familien.test/hilfe/siegburg" in urls
    assert "https://familien.test/anbieter/rki-1.05.3.82" in urls
    assert "https://familien.test/hilfe/siegburg/gesundheitsamt" in urls
    frame = cache.provider_data().frame
    invented = frame[frame["is_sample"]]["id"]
    assert not {f"https://familien.test/anbieter/{key}" for key in invented} & set(urls)
    # a Land over the protocol's limit is split into files of at most the limit
    monkeypatch.setattr(sitemap, "PER_FILE", 300)
    split = re.findall(r"<loc>([^<]+)</loc>", site.get("/sitemap.xml").text)
    nrw = [p for p in split if "/sitemap-05" in p]
    assert len(nrw) > 2
    again = []
    for part in nrw:
        answer = site.get(part.removeprefix("https://familien.test"))
        urlset_schema.validate(answer.text)
        found = re.findall(r"<loc>([^<]+)</loc>", answer.text)
        assert len(found) <= 300
        again += found
    assert (
        again == [u for u in urls if u in set(again)]
        and "https://familien.test/hilfe/bochum" in again
    )


def test_invented_entries_are_noindex_real_ones_are_listed(site):
    from dashboard import cache

    frame = cache.provider_data().frame
    invented = frame[frame["is_sample"]]["id"].iloc[0]
    sample = _tree(site.get(f"/anbieter/{invented}"))
    assert sample.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert "erfundenes Beispiel" in sample.text_content()
    real = _tree(site.get("/anbieter/rki-1.05.3.82"))
    assert real.xpath("//meta[@name='robots']") == []
    assert "noindex" not in site.get("/robots.txt").text
    assert "Sitemap: https://familien.test/sitemap.xml" in site.get("/robots.txt").text


def test_a_staging_server_switches_indexing_off(site, monkeypatch):
    monkeypatch.setenv("FAMILIENKARTE_INDEXIEREN", "nein")
    assert site.get("/robots.txt").text == "User-agent: *\nDisallow: /\n"
    page = site.get("/hilfe/siegburg")
    assert page.headers["x-robots-tag"] == "noindex"
    assert _tree(page).xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert site.get("/sitemap.xml").status_code == 404


def test_unknown_old_and_ambiguous_addresses_answer_helpfully(site):
    missing = site.get("/hilfe/gibt-es-nicht")
    assert missing.status_code == 404
    assert _tree(missing).xpath("//form[@action='/hilfe']//input[@name='ort']")
    assert "Diese Adresse kennen wir nicht" in missing.text
    assert site.get("/hilfe/siegburg/zauberer").status_code == 404
    assert site.get("/anbieter/gibt-es-nicht").status_code == 404
    # a key of today and of an earlier Gebietsstand, a former name, capitals: 301
    moves = {
        "/hilfe/05382060": "/hilfe/siegburg",
        "/hilfe/Siegburg/kita": "/hilfe/siegburg/kita",
        "/hilfe/langenfeld-rheinland": "/hilfe/langenfeld-rhld",
        "/hilfe/siegburg?lang=tr": None,
    }
    for old, new in moves.items():
        answer = site.get(old, follow_redirects=False)
        if new is None:
            assert answer.status_code == 200
            continue
        assert answer.status_code == 301 and answer.headers["location"] == new, old
    merged = site.get("/hilfe/16056000", follow_redirects=False)  # Eisenach, merged 2021
    assert merged.status_code == 301 and merged.headers["location"].startswith("/hilfe/")
    halle = site.get("/hilfe/halle")
    choices = _tree(halle).xpath("//ul[@class='choices']//a/@href")
    assert halle.status_code == 200 and len(choices) == 2
    assert all(site.get(href).status_code == 200 for href in choices)
    assert site.get("/hilfe?ort=" + "x" * 1200).status_code == 400
    nothing = site.get("/hilfe?ort=Zzyzxhausen")
    assert "keine Postleitzahl und keinen Ort" in nothing.text


def test_answers_are_cached_per_data_version_and_compressed(site):
    from dashboard import cache

    first = site.get("/hilfe/siegburg", headers={"Accept-Encoding": "gzip"})
    tag = first.headers["etag"]
    assert first.headers["content-encoding"] == "gzip"
    assert first.headers["cache-control"] == "public, max-age=300"
    assert int(first.headers["content-length"]) < 60_000, "budget: 60 kB compressed"
    unchanged = site.get("/hilfe/siegburg", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    store = cache.store()
    record = next(r for r in store.records() if r.id == "rki-1.05.3.82")
    store.save(replace(record, phone="02241 99999"), "betrieb")
    changed = site.get("/hilfe/siegburg", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert "02241 99999" in changed.text
    store.save(record, "betrieb")


def test_hostile_data_stays_text(site):
    from dashboard import cache

    store = cache.store()
    record = next(r for r in store.records() if r.id == "rki-1.05.3.82")
    hostile = replace(
        record,
        name=HOSTILE,
        opening_hours=HOSTILE,
        description=HOSTILE,
        website="javascript:alert(1)",
    )
    store.save(hostile, "betrieb")
    try:
        for path in (
            "/hilfe/siegburg",
            "/hilfe/siegburg/gesundheitsamt",
            "/anbieter/rki-1.05.3.82",
        ):
            page = site.get(path)
            assert "<img src=x" not in page.text and "<b>fett" not in page.text, path
            assert "javascript:" not in page.text
            tree = _tree(page)
            assert HOSTILE in tree.text_content()
            assert not tree.xpath("//img") and not tree.xpath("//b")
            names = [node.get("name") for node in _nodes(_json_ld(page))]
            assert HOSTILE in names
            scripts = tree.xpath("//script")
            assert len(scripts) == 3 and scripts[-1].get("src", "").startswith("/fk/lean-map-")
    finally:
        store.save(record, "betrieb")
