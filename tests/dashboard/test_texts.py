"""The texts: every text the pages ask for exists, none lies unused, every language
has every message, and the language follows the URL or the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import catalogues, texts
from dashboard.i18n.language import negotiate

ROOT = Path(__file__).parents[2]
# The pages' code and templates, without the catalogue itself.
PAGES = [
    ROOT / "app.py",
    *(ROOT / "dashboard").rglob("*.py"),
    *(ROOT / "dashboard").rglob("*.html"),
]
SOURCES = "\n".join(path.read_text(encoding="utf-8") for path in PAGES if path.name != "texts.py")
GERMAN = texts._GERMAN
TRANSLATED = [code for code in texts.LANGUAGES if code != texts.SOURCE_LANGUAGE]


def test_every_key_the_pages_ask_for_is_in_the_catalogue():
    asked = set(re.findall(r"\bt\(\s*[\"']([a-z_]+)[\"']", SOURCES))
    assert asked, "no t(...) call found"
    assert asked <= set(GERMAN), sorted(asked - set(GERMAN))


def test_no_text_in_the_catalogue_is_unused():
    unused = [key for key in GERMAN if not re.search(f"[\"']{key}[\"']", SOURCES)]
    assert unused == [], ", ".join(unused)


def test_the_offered_languages_are_the_six_the_families_need():
    assert set(texts.LANGUAGES) == {"de", "en", "tr", "ar", "uk", "ru"}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_translates_every_message_with_the_same_placeholders(language):
    assert catalogues.gaps(language) == []


def test_the_template_lists_exactly_the_messages_of_the_code():
    """Someone who adds a text also runs ``python -m dashboard.i18n.catalogues``."""
    with (texts.LOCALE_DIR / "messages.pot").open("rb") as source:
        template = read_po(source)
    stored = {(message.context, message.id) for message in template if message.id}
    assert stored == set(texts.messages())


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_compiles_and_is_used(language):
    texts.translations.cache_clear()
    texts.use_language(language)
    try:
        assert texts.t("nearby_title") != GERMAN["nearby_title"]
        assert texts.type_label("jugendamt") != "Jugendamt"
        assert texts.type_description("kita") not in ("", texts.type_description.__doc__)
        assert texts.t("nearby_results", count=3, radius=5, place="Siegburg").count("Siegburg")
    finally:
        texts.use_language(texts.SOURCE_LANGUAGE)


def test_a_missing_translation_falls_back_to_german_not_to_a_key():
    texts.use_language("en")
    try:
        assert texts._translate("no_such_key", "Nur deutsch") == "Nur deutsch"
    finally:
        texts.use_language(texts.SOURCE_LANGUAGE)


def test_only_arabic_is_written_right_to_left():
    assert [code for code in texts.LANGUAGES if texts.is_rtl(code)] == ["ar"]


def test_every_language_is_offered_in_its_own_name():
    names = {code: texts.native_name(code) for code in texts.LANGUAGES}
    assert names == {
        "de": "Deutsch",
        "en": "English",
        "tr": "Türkçe",
        "ar": "العربية",
        "uk": "Українська",
        "ru": "Русский",
    }


@pytest.mark.parametrize(
    ("header", "locale", "expected"),
    [
        ("tr-TR,tr;q=0.9,en;q=0.8", None, "tr"),
        ("fr-FR,fr;q=0.9,uk;q=0.8,de;q=0.7", None, "uk"),  # French is not offered
        ("en;q=0.5,ar-SY;q=0.9", None, "ar"),  # weights decide, not order
        ("en-GB", None, "en"),
        ("fr-FR,fr", None, "de"),  # nothing offered: German
        ("", "ru-RU", "ru"),  # no header: navigator.language
        (None, None, "de"),
        ("de;q=abc,*;q=0.1,xx-!!", None, "de"),  # garbage is ignored
    ],
)
def test_the_browser_language_is_used_when_the_url_names_none(header, locale, expected):
    assert negotiate(header, locale) == expected


def test_numbers_and_language_names_follow_the_ui_language():
    texts.use_language("en")
    try:
        assert texts.number(12345.5, 1) == "12,345.5"
        assert texts.language_name("uk") == "Ukrainian"
    finally:
        texts.use_language(texts.SOURCE_LANGUAGE)
    assert texts.number(12345.5, 1) == "12.345,5"
    assert texts.language_name("uk") == "Ukrainisch"
