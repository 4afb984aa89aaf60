"""Signing in at the operator's identity provider (OpenID Connect, Streamlit's
``st.login`` on Authlib) in a real browser, against a real OIDC server on loopback
(``oidc-provider-mock``): a mapped group gives its role and areas, a person without
one gets a clear message and no rights, an expired token or one issued for another
application (a wrong audience) signs nobody in."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from oidc_provider_mock._app import OpenIDCode

from tests.harness.browser import ready, start_app, stop_app, streamlit_command
from tests.harness.ports import free_port

pytestmark = [pytest.mark.browser, pytest.mark.server]

KREIS_PERSON = "kreis.rsk@kreis.example"
STRANGER = "fremd@kreis.example"
USERS = [
    User(sub=KREIS_PERSON, claims={"email": KREIS_PERSON, "groups": ["fk-rhein-sieg"]}),
    User(sub=STRANGER, claims={"email": STRANGER, "groups": ["buchhaltung"]}),
]


def _secrets(folder: Path, port: int, issuer: str) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        'client_id = "familienkarte"\n'
        'client_secret = "geheim"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        "[familienkarte_anmeldung]\n"
        'anspruch = "groups"\n'
        "passwoerter = false\n"
        "[familienkarte_anmeldung.gruppen]\n"
        '"fk-rhein-sieg" = { rolle = "kreis", gebiete = ["05382"] }\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def _issued_for(audience: str, port: int) -> Iterator[None]:
    """ID tokens of the server on ``port`` name ``audience``, not the asking client (the
    mock's own hook for the token's claims; other servers stay as they are)."""
    import flask

    original = OpenIDCode.get_jwt_config

    def config(self, grant, client=None):
        claims = original(self, grant, client)
        if flask.request.host.endswith(f":{port}"):
            claims["aud"] = [audience]
        return claims

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(OpenIDCode, "get_jwt_config", config)
        yield


def _app(tmp_path_factory, max_age: timedelta, audience: str | None = None) -> Iterator[str]:
    with ExitStack() as stack:
        server = stack.enter_context(
            run_server_in_thread(user_claims=USERS, access_token_max_age=max_age)
        )
        if audience is not None:
            stack.enter_context(_issued_for(audience, server.server_port))
        port = free_port()
        path = _secrets(
            tmp_path_factory.mktemp("oidc"), port, f"http://localhost:{server.server_port}"
        )
        url, process = start_app(
            tmp_path_factory,
            port=port,
            command=lambda p: [*streamlit_command("app.py", p), "--secrets.files", str(path)],
        )
        try:
            yield url
        finally:
            stop_app(process)


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory, browser) -> Iterator[str]:
    yield from _app(tmp_path_factory, timedelta(hours=1))


@pytest.fixture(scope="module")
def foreign_app(tmp_path_factory, browser) -> Iterator[str]:
    """The identity provider issues tokens for another application."""
    yield from _app(tmp_path_factory, timedelta(hours=1), audience="andere-anwendung")


@pytest.fixture(scope="module")
def expired_app(tmp_path_factory, browser) -> Iterator[str]:
    """The identity provider issues tokens that expired ten minutes before (beyond the
    two minutes of clock skew Authlib allows)."""
    yield from _app(tmp_path_factory, timedelta(minutes=-10))


def _sign_in(browser, url: str, person: str):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{url}/daten")
    ready(page)
    # Local passwords are switched off: only the identity provider's button.
    assert page.get_by_label("Passwort").count() == 0
    page.get_by_role("button", name="Mit dem Anmeldedienst anmelden").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=person).click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.goto(f"{url}/daten")
    ready(page)
    return context, page


def test_a_mapped_group_signs_in_with_its_role_and_areas(oidc_app, browser):
    context, page = _sign_in(browser, oidc_app, KREIS_PERSON)
    try:
        page.get_by_text("Sie bearbeiten: Rhein-Sieg-Kreis").wait_for(timeout=30_000)
        assert page.get_by_role("tab", name="Zugänge").count() == 0
        assert page.get_by_role("tab", name="Hochladen").count() == 1
    finally:
        context.close()


def test_a_person_without_a_mapped_group_gets_no_rights(oidc_app, browser):
    context, page = _sign_in(browser, oidc_app, STRANGER)
    try:
        page.get_by_text("keine Rolle zugeordnet").wait_for(timeout=30_000)
        assert page.get_by_role("tab").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("fault", ["expired_app", "foreign_app"])
def test_an_expired_token_or_one_for_another_application_signs_nobody_in(request, browser, fault):
    context, page = _sign_in(browser, request.getfixturevalue(fault), KREIS_PERSON)
    try:
        page.get_by_role("button", name="Mit dem Anmeldedienst anmelden").wait_for(timeout=30_000)
        assert page.get_by_text("Sie bearbeiten").count() == 0
        assert page.get_by_role("tab").count() == 0
    finally:
        context.close()
