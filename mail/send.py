"""Compose and send the link e-mails (see :mod:`mail`)."""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from intake.fields import is_email
from store import Link, log_event

#: The SMTP server's host; without it the app sends nothing (the CSV is the way).
MAIL_ENV = "FAMILIENKARTE_SMTP_HOST"

SUBJECT = "Ihr Eintrag in der Familienkarte: Stimmt noch alles?"
TEMPLATE = """Guten Tag,

Sie stehen mit „{name}“ in der Familienkarte, der Karte der Hilfen für Familien.
Familien verlassen sich auf Ihre Angaben. Bitte schauen Sie kurz, ob noch alles stimmt:

{link}

Mit einem Klick bestätigen Sie Ihren Eintrag („Alles stimmt noch“), oder Sie ändern,
was nicht mehr stimmt. Änderungen prüfen wir, bevor Familien sie sehen. Sie brauchen
keinen Zugang; der Link gilt nur für Ihren Eintrag, bis zum {until}.

Vielen Dank!
{sender}

Sie erhalten diese E-Mail, weil Ihr Angebot in der Familienkarte steht. Wenn Sie keine
Nachricht mehr möchten oder der Eintrag nicht Ihrer ist, antworten Sie einfach auf
diese E-Mail.
"""


@dataclass(frozen=True)
class MailSettings:
    """How to reach the operator's SMTP server (from the environment)."""

    host: str
    port: int = 587
    sender: str = "familienkarte@localhost"
    sender_name: str = "Netzwerkkoordination Frühe Hilfen"
    user: str = ""
    password: str = ""
    starttls: bool = True
    #: At most this many mails a minute (providers' servers and our reputation).
    per_minute: int = 30

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> MailSettings | None:
        """The settings, or ``None`` when no SMTP host is configured."""
        host = environ.get(MAIL_ENV, "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=int(environ.get("FAMILIENKARTE_SMTP_PORT", "587")),
            sender=environ.get("FAMILIENKARTE_SMTP_FROM", "familienkarte@localhost"),
            sender_name=environ.get("FAMILIENKARTE_SMTP_NAME", "Netzwerkkoordination Frühe Hilfen"),
            user=environ.get("FAMILIENKARTE_SMTP_USER", ""),
            password=environ.get("FAMILIENKARTE_SMTP_PASSWORD", ""),
            starttls=environ.get("FAMILIENKARTE_SMTP_STARTTLS", "1") != "0",
            per_minute=max(1, int(environ.get("FAMILIENKARTE_SMTP_PRO_MINUTE", "30"))),
        )


@dataclass
class SendReport:
    """What a sending run did."""

    sent: int = 0
    without_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def link_mail(link: Link, url: str, settings: MailSettings) -> EmailMessage:
    """The German e-mail to one provider with its link."""
    message = EmailMessage()
    message["Subject"] = SUBJECT
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = link.email
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    until = link.valid_until.strftime("%d.%m.%Y")
    message.set_content(
        TEMPLATE.format(name=link.name, link=url, until=until, sender=settings.sender_name)
    )
    return message


def send_link_mails(
    links: Sequence[Link],
    url_of: Callable[[Link], str],
    settings: MailSettings,
    sleep: Callable[[float], None] = time.sleep,
) -> SendReport:
    """Send each provider its link, at most ``settings.per_minute`` a minute, over one
    connection; a refused address is reported and the others still go."""
    report = SendReport()
    pause = 60.0 / settings.per_minute
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as server:
        if settings.starttls and server.has_extn("starttls"):
            server.starttls(context=ssl.create_default_context())
        if settings.user:
            server.login(settings.user, settings.password)
        for number, link in enumerate(links):
            if not link.email or not is_email(link.email):
                report.without_address.append(link.provider_id)
                continue
            if number and report.sent:
                sleep(pause)
            try:
                server.send_message(link_mail(link, url_of(link), settings))
            except smtplib.SMTPException:
                report.failed.append(link.provider_id)
                log_event("mail_fehler", anbieter=link.provider_id)
                continue
            report.sent += 1
            log_event("mail_gesendet", anbieter=link.provider_id)
    return report
