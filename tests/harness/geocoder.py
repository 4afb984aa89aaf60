"""A geocoder on loopback that answers like Nominatim (``/search``) and Photon (``/api``).

The answers have the shapes the real services send (recorded from their
documentation: Nominatim ``format=json`` with ``addressdetails``, Photon GeoJSON).
A street containing ``429`` answers "Too Many Requests", one containing
``langsam`` answers after the client's time-out, ``unbekannt`` finds nothing.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

#: Address → (lat, lon, house number found, postcode) the server knows.
PLACES = {
    "Wilhelmstraße 55": (50.79748, 7.20434, "55", "53721"),  # Siegburg, Kreishaus
    "Kaiserstraße 1": (53.55, 9.99, "1", "20095"),  # Hamburg: another Land than 53721
    "Marktplatz": (50.7989, 7.2066, "", "53721"),  # a street, no house number
    "Kaiser-Wilhelm-Platz 1": (50.79843, 7.20716, "1", "53721"),  # Gesundheitsamt Rhein-Sieg
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        _Handler.requests.append(self.path)
        text = query.get("street") or query.get("q", "")
        if "429" in text:
            self._send(429, {"error": "Too Many Requests"})
            return
        if "langsam" in text:
            time.sleep(3)
        place = next((PLACES[key] for key in PLACES if key in text), None)
        if parts.path.endswith("/api"):
            self._send(200, _photon(place))
        else:
            self._send(200, _nominatim(place))

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _nominatim(place) -> list[dict]:
    if place is None:
        return []
    lat, lon, number, postcode = place
    address = {"road": "Straße", "postcode": postcode, "city": "Ort", "country_code": "de"}
    if number:
        address["house_number"] = number
    return [
        {
            "place_id": 1,
            "lat": str(lat),
            "lon": str(lon),
            "display_name": "…",
            "class": "building" if number else "highway",
            "type": "yes" if number else "residential",
            "addresstype": "building" if number else "road",
            "address": address,
        }
    ]


def _photon(place) -> dict:
    if place is None:
        return {"type": "FeatureCollection", "features": []}
    lat, lon, number, postcode = place
    properties = {"postcode": postcode, "city": "Ort", "countrycode": "DE", "type": "house"}
    if number:
        properties["housenumber"] = number
    else:
        properties["type"] = "street"
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        ],
    }


@contextmanager
def geocoder_server() -> Iterator[tuple[str, list[str]]]:
    """A running server: its base URL and the list of requested paths."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", _Handler.requests
    finally:
        server.shutdown()
        server.server_close()
