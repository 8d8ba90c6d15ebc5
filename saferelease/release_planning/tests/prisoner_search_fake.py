"""A local fake of HMPPS Auth and the Prisoner Search API for the sync's tests: a small
HTTP server on 127.0.0.1 (a random port, a thread of its own) that signs clients in with
client credentials, expires tokens, pages prisoners as Spring does, fails on request and
returns fields the sync does not know."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "safe-release-sync"
CLIENT_SECRET = "fake-secret-for-tests"


def prisoner_record(number: str, prison: str = "LTI", **fields: Any) -> dict[str, Any]:
    """A ``Prisoner`` object as the API serves it: the fields the sync reads, many it does
    not, and one the API might add tomorrow."""
    record: dict[str, Any] = {
        "prisonerNumber": number,
        "pncNumber": "12/394773H",
        "croNumber": "29906/12J",
        "bookingId": "1200924",
        "bookNumber": "38412A",
        "firstName": "JOHN",
        "middleNames": "JAMES",
        "lastName": "SMITH",
        "dateOfBirth": "1980-04-02",
        "gender": "Male",
        "ethnicity": "White: Eng./Welsh/Scot./N.Irish/British",
        "youthOffender": False,
        "status": "ACTIVE IN",
        "lastMovementTypeCode": "ADM",
        "lastMovementReasonCode": "INT",
        "inOutStatus": "IN",
        "prisonId": prison,
        "prisonName": "HMP Fictional",
        "cellLocation": "A-1-002",
        "aliases": [],
        "alerts": [{"alertType": "X", "alertCode": "XA", "active": True, "expired": False}],
        "category": "C",
        "legalStatus": "SENTENCED",
        "imprisonmentStatus": "SENT03",
        "imprisonmentStatusDescription": "Adult Imprisonment Without Option CJA03",
        "convictedStatus": "Convicted",
        "mostSeriousOffence": "Robbery",
        "recall": False,
        "indeterminateSentence": False,
        "sentenceStartDate": "2024-03-01",
        "releaseDate": "2027-03-01",
        "sentenceExpiryDate": "2029-03-01",
        "licenceExpiryDate": "2029-03-01",
        "conditionalReleaseDate": "2027-03-01",
        "receptionDate": "2024-02-20",
        "lastAdmissionDate": "2024-05-01",
        "currentIncentive": {"level": {"code": "STD", "description": "Standard"}},
        "heightCentimetres": 180,
        "shoeSize": 10,
        "aFieldAddedNextYear": {"nested": ["values", 1, None]},
    }
    record.update(fields)
    return {name: value for name, value in record.items() if value is not ...}


@dataclass
class Fault:
    """Answer ``status`` (or drop the connection: ``status`` 0) to the next ``times``
    requests whose path starts with ``path`` (and, if given, ask for ``page``)."""

    path: str
    status: int
    times: int = 1
    page: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"status": 500, "userMessage": "fault"}'


class FakeHmpps:
    """Both services on one server. ``prisons`` maps a prison id to its ``Prisoner``
    objects; ``lookups`` the objects ``GET /prisoner/{number}`` answers (else 404)."""

    def __init__(self, *, expires_in: int = 1200, token_uses: int | None = None) -> None:
        self.prisons: dict[str, list[dict[str, Any]]] = {}
        self.lookups: dict[str, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.raw_pages: dict[int, bytes] = {}  # a page number's whole (broken) body
        self.expires_in = expires_in
        self.token_uses = token_uses  # a token stops working after this many uses
        self.tokens: dict[str, int | None] = {}
        self.log: list[tuple[str, str, int]] = []  # method, path and query, status
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_GET(self) -> None:
                fake._handle(self, "GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeHmpps:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.log if m == method and p.startswith(path))

    # Serving.

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _fault(self, path: str, query: dict[str, list[str]]) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times <= 0 or not path.startswith(fault.path):
                    continue
                if fault.page is not None and query.get("page", ["0"])[0] != str(fault.page):
                    continue
                fault.times -= 1
                return fault
        return None

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        status = self._answer(handler, method, parts.path, query)
        with self._lock:
            self.log.append((method, handler.path, status))

    def _answer(
        self,
        handler: BaseHTTPRequestHandler,
        method: str,
        path: str,
        query: dict[str, list[str]],
    ) -> int:
        fault = self._fault(path, query)
        if fault is not None:
            if fault.status == 0:
                handler.close_connection = True
                handler.connection.shutdown(2)
                return 0
            self._send(handler, fault.status, fault.body, fault.headers)
            return fault.status
        if method == "POST" and path == "/auth/oauth/token":
            return self._token(handler, query)
        if method != "GET":
            self._send(handler, 405, {"status": 405})
            return 405
        if not self._authorised(handler):
            self._send(handler, 401, {"error": "invalid_token"})
            return 401
        if path.startswith("/prisoner-search/prison/"):
            return self._page(handler, path.rsplit("/", 1)[1], query)
        if path.startswith("/prisoner/"):
            record = self.lookups.get(path.rsplit("/", 1)[1])
            if record is None:
                self._send(handler, 404, {"status": 404, "userMessage": "Not found"})
                return 404
            self._send(handler, 200, record)
            return 200
        self._send(handler, 404, {"status": 404})
        return 404

    def _token(self, handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> int:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if handler.headers.get("Authorization") != f"Basic {expected}" or query.get(
            "grant_type"
        ) != ["client_credentials"]:
            self._send(handler, 401, {"error": "unauthorized"})
            return 401
        with self._lock:
            token = f"token-{len(self.tokens) + 1}"
            self.tokens[token] = self.token_uses
        self._send(
            handler,
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.expires_in,
                "scope": "read",
                "sub": CLIENT_ID,
                "jti": token,
            },
        )
        return 200

    def _authorised(self, handler: BaseHTTPRequestHandler) -> bool:
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return False
        token = header.removeprefix("Bearer ")
        with self._lock:
            if token not in self.tokens:
                return False
            uses = self.tokens[token]
            if uses is None:
                return True
            if uses <= 0:
                return False
            self.tokens[token] = uses - 1
            return True

    def _page(
        self, handler: BaseHTTPRequestHandler, prison: str, query: dict[str, list[str]]
    ) -> int:
        number = int(query.get("page", ["0"])[0])
        size = int(query.get("size", ["10"])[0])
        if number in self.raw_pages:
            self._send(handler, 200, self.raw_pages[number])
            return 200
        everyone = self.prisons.get(prison, [])
        content = everyone[number * size : (number + 1) * size]
        total_pages = (len(everyone) + size - 1) // size
        self._send(
            handler,
            200,
            {
                "content": content,
                "pageable": {
                    "sort": {"empty": True, "sorted": False, "unsorted": True},
                    "offset": number * size,
                    "pageSize": size,
                    "pageNumber": number,
                    "paged": True,
                    "unpaged": False,
                },
                "totalElements": len(everyone),
                "totalPages": total_pages,
                "last": number + 1 >= total_pages,
                "size": size,
                "number": number,
                "sort": {"empty": True, "sorted": False, "unsorted": True},
                "first": number == 0,
                "numberOfElements": len(content),
                "empty": not content,
            },
        )
        return 200
