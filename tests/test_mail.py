"""The link e-mails against a real SMTP server on loopback (aiosmtpd): one polite German
mail per provider with its own link, at the configured rate, nothing logged of the
text; providers without an address are named, not mailed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from mail import MailSettings, send_link_mails
from store import Link
from tests.harness.ports import free_port


class _Inbox:
    def __init__(self) -> None:
        self.mails: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.mails.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


LINKS = [
    Link(
        "a",
        "Familienzentrum „Sonne“ <b>",
        "sonne@example.org",
        "tok-a" * 6,
        datetime(2027, 2, 5, tzinfo=UTC),
    ),
    Link("b", "Hebammenpraxis ohne Mail", "", "tok-b" * 6, datetime(2027, 2, 5, tzinfo=UTC)),
    Link("c", "Elterncafé", "cafe@example.org", "tok-c" * 6, datetime(2027, 2, 5, tzinfo=UTC)),
]


def test_each_provider_gets_its_own_link_in_a_german_mail(smtp, caplog):
    inbox, port = smtp
    settings = MailSettings.from_env(
        {
            "FAMILIENKARTE_SMTP_HOST": "127.0.0.1",
            "FAMILIENKARTE_SMTP_PORT": str(port),
            "FAMILIENKARTE_SMTP_FROM": "fruehe-hilfen@rhein-sieg-kreis.de",
            "FAMILIENKARTE_SMTP_STARTTLS": "0",
            "FAMILIENKARTE_SMTP_PRO_MINUTE": "20",
        }
    )
    pauses: list[float] = []
    logger = logging.getLogger("familienkarte")  # it does not propagate: listen to it
    logger.addHandler(caplog.handler)
    try:
        report = send_link_mails(
            LINKS,
            lambda link: f"https://karte.example/eintrag?schluessel={link.token}",
            settings,
            sleep=pauses.append,
        )
    finally:
        logger.removeHandler(caplog.handler)
    assert (report.sent, report.without_address, report.failed) == (2, ["b"], [])
    assert [to for to, _ in inbox.mails] == [["sonne@example.org"], ["cafe@example.org"]]
    first = inbox.mails[0][1]
    assert first["Subject"] == "Ihr Eintrag in der Familienkarte: Stimmt noch alles?"
    body = first.get_content()
    assert "Guten Tag" in body and "Familienzentrum „Sonne“ <b>" in body  # plain text
    assert f"https://karte.example/eintrag?schluessel={'tok-a' * 6}" in body
    assert "tok-c" not in body and "05.02.2027" in body
    assert pauses == [3.0]  # 20 a minute: three seconds between two mails
    logged = [(r.getMessage(), getattr(r, "fields", {})) for r in caplog.records]
    assert [fields["anbieter"] for message, fields in logged if message == "mail_gesendet"] == [
        "a",
        "c",
    ]  # that it went out, to which entry …
    assert "tok-" not in str(logged) and "Guten Tag" not in str(logged)  # … never what it said


def test_without_an_smtp_host_nothing_is_sent():
    assert MailSettings.from_env({}) is None


def test_the_guide_shows_the_mail_as_it_is_sent():
    from pathlib import Path

    from mail.send import SUBJECT, TEMPLATE

    guide = (Path(__file__).parents[1] / "docs" / "rueckmeldungen.md").read_text(encoding="utf-8")
    assert SUBJECT in guide and TEMPLATE.rstrip() in guide
