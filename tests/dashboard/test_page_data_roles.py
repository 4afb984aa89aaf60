"""The page "Daten" for accounts with a role (AppTest): each sees what it edits and is
offered only its own entries; what a crafted request or a removed account tries is
refused by the store and changes nothing; a Land hands out accounts of its area."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.pages import run_page
from tests.harness.caches import clear_caches

PASSWORD = "ein langes Passwort"


def _page() -> None:
    from dashboard.page import data as page

    page.render()


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):

    monkeypatch.setenv("FAMILIENKARTE_STORE", str(tmp_path / "rollen.sqlite"))
    clear_caches()
    yield
    clear_caches()


def _frame():
    from dashboard import cache

    return cache.provider_data().frame


def _account(name: str, role: str, *areas: str) -> None:
    from dashboard import cache
    from store import Rights, Role

    cache.store().users.create(name, PASSWORD, Rights(Role(role), areas))


def _login(name: str) -> AppTest:
    at = run_page(_page)
    at.text_input[0].set_value(name)
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _tabs(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def test_a_kreis_account_sees_what_it_edits_and_only_its_providers():
    _account("kurt", "kreis", "05382")
    at = _login("kurt")
    assert "Sie bearbeiten: Rhein-Sieg-Kreis" in at.info[0].value
    assert "Zugänge" not in _tabs(at) and "Hochladen" in _tabs(at)
    offered = at.selectbox(key="data_edit_choice").options[1:]  # after "– neues Angebot –"
    frame = _frame()
    own = frame[frame["kreis_ags"] == "05382"]
    assert sorted(offered) == sorted(own["name"] + " – " + own["city"])


def test_a_provider_account_edits_only_its_own_entry_and_loads_no_files():
    frame = _frame()
    own = frame[frame["kreis_ags"] == "05382"].iloc[0]
    _account("anton", "anbieter", own["id"])
    at = _login("anton")
    assert own["name"] in at.info[0].value
    assert "Hochladen" not in _tabs(at) and "Zugänge" not in _tabs(at)
    choice = at.selectbox(key="data_edit_choice")
    assert choice.options == [f"{own['name']} – {own['city']}"]


def test_an_account_removed_meanwhile_is_refused_at_its_next_save():
    from dashboard import cache

    _account("kurt", "kreis", "05382")
    at = _login("kurt")
    own = _frame().set_index("id")
    first = next(k for k in own.index if own.loc[k, "kreis_ags"] == "05382")
    at.selectbox(key="data_edit_choice").set_value(first).run()
    cache.store().users.remove("kurt")
    names = [t.label for t in at.text_input]
    at.text_input[names.index("Telefon")].set_value("02241 999999")
    at.button(key="FormSubmitter:edit-Speichern").click().run()
    assert any("Zugang besteht nicht mehr" in w.value for w in [*at.warning, *at.error])
    assert {r.id: r for r in cache.store().records()}[first].phone != "02241 999999"


def test_a_land_hands_out_a_kreis_account_of_its_own_land_only():
    from dashboard import cache
    from store import Rights, Role

    _account("lena", "land", "05")
    at = _login("lena")
    assert "Zugänge" in _tabs(at)
    role = at.selectbox(key="data_accounts_role")
    assert "Betrieb (alles)" not in role.options
    role.set_value(Role.KREIS).run()
    areas = at.multiselect(key="data_accounts_areas")
    assert all("(05" in option for option in areas.options)
    names = [t.label for t in at.text_input]
    at.text_input[names.index("Benutzername")].set_value("kreis.rsk")
    areas.set_value(["05382"])
    at.text_input[names.index("Passwort (für einen neuen Zugang oder zum Zurücksetzen)")].set_value(
        PASSWORD
    )
    at.button(key="FormSubmitter:data_account-Zugang speichern").click().run()
    assert not at.exception, at.exception
    assert cache.store().users.rights("kreis.rsk") == Rights(Role.KREIS, ("05382",))
    assert "kreis.rsk" in at.dataframe[-1].value.iloc[:, 0].tolist()
