"""E-mails to providers with their private link: the German text (the template is in
``docs/rueckmeldungen.md``), the operator's SMTP settings, and sending at a bounded
rate. Only that a mail went out (to which entry, when) is logged – never its text or
its link. Pure library: no Streamlit."""

from mail.send import MailSettings, send_link_mails

__all__ = ["MailSettings", "send_link_mails"]
