"""A visitor without a browser: Streamlit's own WebSocket protocol, for the load test.

The browser speaks protobuf over ``/_stcore/stream``: it sends a ``BackMsg`` asking for
a script run (page, query string, the state of every widget it shows) and receives
``ForwardMsg`` elements until ``script_finished``. :class:`StreamlitSession` does the
same with the protobuf classes of the installed Streamlit, so a load test measures what
a visitor waits for without a browser per visitor. Only loopback addresses are allowed:
this is a load generator, pointed at our own processes only.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

#: Script runs that ended for good (a run replaced by a newer one did not).
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class NotLoopback(ValueError):
    """The load generator was pointed at a host other than this machine."""


@dataclass
class Run:
    """What one script run cost the visitor."""

    seconds: float
    bytes: int
    elements: int
    #: Messages of exceptions shown on the page (an error is a failed step).
    errors: list[str] = field(default_factory=list)


def loopback_address(url: str) -> tuple[str, int]:
    """Host and port of ``url``; :class:`NotLoopback` unless it is this machine."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        raise NotLoopback(f"Unbekannter Host: {host!r}") from None
    if not address.is_loopback:
        raise NotLoopback(f"Nur Adressen dieses Rechners (127.0.0.0/8), nicht {host!r}")
    return str(address), parts.port or 80


class StreamlitSession:
    """One visitor's session: a WebSocket to the app and the widgets it has seen.

    ``source`` binds the visitor's end to a loopback address of its own, so that a
    balancer hashing on the client address (nginx ``ip_hash``) spreads simulated
    visitors as it would spread real ones.
    """

    def __init__(self, url: str, source: str | None = None, timeout: float = 300) -> None:
        host, port = loopback_address(url)
        sock = socket.create_connection(
            (host, port), timeout=timeout, source_address=(source, 0) if source else None
        )
        self._ws = websocket.create_connection(
            f"ws://{host}:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            socket=sock,
            timeout=timeout,
        )
        #: Widget ids by the key the app gave them, from the last run.
        self.widgets: dict[str, object] = {}
        #: Keep what the last run sent in :attr:`received` (to look for a text in it).
        self.keep = False
        self.received = b""
        self._states: dict[str, WidgetState] = {}
        self.page = ""
        self.query = ""

    def open(self, page: str = "", query: str = "") -> Run:
        """Go to ``page`` (its URL path, "" for the map) with ``query``, as a link would."""
        self.page, self.query = page, query
        self._states.clear()
        return self._run()

    def choose(self, key: str, options: int = 1) -> Run:
        """Pick the first ``options`` options of the pills or segmented control ``key``."""
        widget = self.widgets[key]
        state = WidgetState(id=widget.id)
        state.string_array_value.data[:] = [o.content for o in widget.options[:options]]
        self._states[widget.id] = state
        return self._run()

    def type_text(self, key: str, text: str) -> Run:
        """Type ``text`` into the text input ``key`` and press Enter."""
        state = WidgetState(id=self.widgets[key].id, string_value=text)
        self._states[state.id] = state
        return self._run()

    def close(self) -> None:
        """Leave, as a closed browser tab does: without waiting for the server's answer
        (a busy server would keep a load generator's many leaving visitors waiting)."""
        self._ws.close(timeout=0)

    def _run(self) -> Run:
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = self.page
        message.rerun_script.widget_states.widgets.extend(self._states.values())
        start = time.perf_counter()
        self._ws.send_binary(message.SerializeToString())
        received = elements = 0
        kept: list[bytes] = []
        errors: list[str] = []
        widgets: dict[str, object] = {}
        while True:
            data = self._ws.recv()
            received += len(data)
            if self.keep:
                kept.append(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = forward.delta.new_element
                name = element.WhichOneof("type")
                if name == "exception":
                    errors.append(element.exception.message)
                else:
                    inner = getattr(element, name)
                    widget_id = getattr(inner, "id", "")
                    if widget_id.startswith("$$ID-"):
                        widgets[widget_id.split("-", 2)[2]] = inner
            elif kind == "script_finished" and forward.script_finished in _DONE:
                self.widgets, self.received = widgets, b"".join(kept)
                return Run(time.perf_counter() - start, received, elements, errors)


@dataclass(frozen=True)
class SessionFigures:
    """What Streamlit's own ``/_stcore/metrics`` says about the visitors' sessions."""

    #: Sessions with an open WebSocket.
    active: int
    #: Bytes of session state over those sessions, as Streamlit counts them (the
    #: values' own sizes, not what they refer to).
    state_bytes: int


def session_figures(url: str) -> SessionFigures:
    """Read :class:`SessionFigures` from the app at ``url`` (loopback only)."""
    host, port = loopback_address(url)
    families = "families=active_sessions&families=cache_memory_bytes"
    with urllib.request.urlopen(
        f"http://{host}:{port}/_stcore/metrics?{families}", timeout=30
    ) as answer:
        text = answer.read().decode()
    active = state = 0
    for line in text.splitlines():
        if line.startswith("active_sessions "):
            active = int(float(line.split()[-1]))
        elif line.startswith("cache_memory_bytes{") and 'cache_type="st_session_state"' in line:
            state += int(float(line.split()[-1]))
    return SessionFigures(active, state)
