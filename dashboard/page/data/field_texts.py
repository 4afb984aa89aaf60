"""The text key of each provider field's title, shared by the tables of the Daten page
(the upload's column mapping, the review of providers' changes)."""

from __future__ import annotations

FIELD_TEXTS = {
    "name": "col_name",
    "service_types": "col_types",
    "street": "col_street",
    "postcode": "col_postcode",
    "city": "col_city",
    "phone": "col_phone",
    "email": "popup_email",
    "website": "col_website",
    "languages": "col_languages",
    "opening_hours": "popup_hours",
}
