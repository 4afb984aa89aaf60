"""The app's pages by their address, for a page that sends the visitor to another
(``st.switch_page`` needs the page object): the entry point registers them, so a page
never imports another page."""

from __future__ import annotations

from streamlit.navigation.page import StreamlitPage

_PAGES: dict[str, StreamlitPage] = {}


def register(pages: list[StreamlitPage]) -> list[StreamlitPage]:
    """Remember the pages of this run by their URL path (``""`` for the start page)."""
    for page in pages:
        _PAGES[page.url_path] = page
    return pages


def page(url_path: str) -> StreamlitPage:
    """The page at ``url_path`` (e.g. ``"naehe"``)."""
    return _PAGES[url_path]
