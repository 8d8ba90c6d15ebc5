"""A client of the HMPPS Prisoner Search API, signed in through HMPPS Auth.

- Authentication: an OAuth2 client-credentials token from
  ``POST {HMPPS_AUTH_URL}/auth/oauth/token?grant_type=client_credentials`` with the client
  id and secret as HTTP Basic; the answer is ``{"access_token": ..., "expires_in": ...}``.
  The token is reused until shortly before it expires, and fetched again when the API
  answers 401.
- Data: ``GET {HMPPS_PRISONER_SEARCH_URL}/prisoner-search/prison/{prisonId}?page=N&size=M``
  with ``Authorization: Bearer TOKEN`` answers a Spring page (``content``, ``totalPages``,
  ``last``, ``number``...) of ``Prisoner`` objects; every page is read.
  ``GET {HMPPS_PRISONER_SEARCH_URL}/prisoner/{prisonerNumber}`` answers one ``Prisoner``.
- Faults: a 5xx, a 429 (its ``Retry-After`` honoured) and a connection error or time-out
  are retried with exponential backoff, within a bounded total time; anything else, or a
  fault that outlasts the retries or the time, raises :class:`PrisonerSearchError` with a
  message for people. An answer that is not JSON, or a page without ``content``, is an
  error too, never a crash.

See ``docs/prisoner-search-sync.md``.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

#: Seconds one HTTP request may take before it counts as a failed attempt.
REQUEST_TIMEOUT: Final = 30.0
#: Attempts per request (the first and its retries).
MAX_ATTEMPTS: Final = 5
#: The first wait between attempts, doubled each time, and the longest wait.
BACKOFF_SECONDS: Final = 0.5
MAX_BACKOFF_SECONDS: Final = 30.0
#: A token is fetched again when it has less than this left (or a tenth of its life, for a
#: token that lives less than ten times this).
TOKEN_MARGIN_SECONDS: Final = 60.0
#: Stop reading after this many pages, whatever the pages say (a server that never says
#: "last" cannot keep the sync reading for ever).
MAX_PAGES: Final = 10_000


class PrisonerSearchError(Exception):
    """The Prisoner Search API or HMPPS Auth failed for good; the message says how."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of prisoners as the API gave it."""

    number: int
    content: list[dict[str, Any]]
    total_pages: int | None
    last: bool


def _retry_after(response: requests.Response) -> float | None:
    """The seconds a ``Retry-After`` header asks for (seconds or an HTTP date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _seconds(value: Any, *, default: float) -> float:
    """``expires_in`` as seconds (a number, or a number as text); ``default`` otherwise."""
    if isinstance(value, bool):
        return default
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return default
    return seconds if seconds > 0 else default


def _describe(response: requests.Response) -> str:
    return f"HTTP {response.status_code} {response.reason or ''}".strip()


class PrisonerSearchClient:
    """Reads prisoners from the Prisoner Search API. One client per sync: its time budget
    (``max_seconds``) starts when it is made."""

    def __init__(
        self,
        *,
        search_url: str,
        auth_url: str,
        client_id: str,
        client_secret: str,
        page_size: int = 500,
        max_seconds: float = 300.0,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_seconds: float = BACKOFF_SECONDS,
        request_timeout: float = REQUEST_TIMEOUT,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        missing = [
            name
            for name, value in (
                ("HMPPS_PRISONER_SEARCH_URL", search_url),
                ("HMPPS_AUTH_URL", auth_url),
                ("HMPPS_CLIENT_ID", client_id),
                ("HMPPS_CLIENT_SECRET", client_secret),
            )
            if not value
        ]
        if missing:
            raise PrisonerSearchError(f"Set {', '.join(missing)} to sync from Prisoner Search")
        self.search_url = search_url.rstrip("/")
        self.auth_url = auth_url.rstrip("/")
        # HMPPS Auth's base URL is often given with its "/auth" context path already.
        base = self.auth_url.removesuffix("/auth")
        self.token_url = f"{base}/auth/oauth/token"
        self._credentials = (client_id, client_secret)
        self.page_size = max(1, page_size)
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.request_timeout = request_timeout
        self._session = session or requests.Session()
        self._sleep = sleep
        self._monotonic = monotonic
        self._deadline = monotonic() + max_seconds
        self.max_seconds = max_seconds
        self._token: str | None = None
        self._token_renew_at = 0.0
        #: Counters for reports and tests.
        self.tokens_fetched = 0
        self.retries = 0

    @classmethod
    def from_settings(cls, **overrides: Any) -> PrisonerSearchClient:
        options: dict[str, Any] = {
            "search_url": settings.HMPPS_PRISONER_SEARCH_URL,
            "auth_url": settings.HMPPS_AUTH_URL,
            "client_id": settings.HMPPS_CLIENT_ID,
            "client_secret": settings.HMPPS_CLIENT_SECRET,
            "page_size": settings.HMPPS_PRISONER_SEARCH_PAGE_SIZE,
            "max_seconds": settings.HMPPS_SYNC_MAX_SECONDS,
        }
        options.update(overrides)
        return cls(**options)

    # The network, with retries.

    def _remaining(self) -> float:
        return self._deadline - self._monotonic()

    def _wait(self, attempt: int, asked: float | None, what: str) -> None:
        """Wait before the next attempt; give up if the wait would pass the deadline."""
        delay = asked if asked is not None else self.backoff_seconds * (2 ** (attempt - 1))
        delay = min(delay, MAX_BACKOFF_SECONDS)
        if delay >= self._remaining():
            raise PrisonerSearchError(
                f"{what}: gave up after {self.max_seconds:g} seconds of retries"
            )
        self.retries += 1
        self._sleep(delay)

    def _send(self, method: str, url: str, what: str, **kwargs: Any) -> requests.Response:
        """One request, retried on 5xx, 429 and connection errors. Any other answer is
        returned for the caller to judge."""
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            if self._remaining() <= 0:
                raise PrisonerSearchError(f"{what}: no answer within {self.max_seconds:g} seconds")
            timeout = max(0.1, min(self.request_timeout, self._remaining()))
            try:
                response = self._session.request(method, url, timeout=timeout, **kwargs)
            except requests.RequestException as error:
                last_problem = f"could not connect ({type(error).__name__})"
                logger.warning(
                    "prisoner_search.retry", extra={"what": what, "problem": last_problem}
                )
                if attempt < self.max_attempts:
                    self._wait(attempt, None, what)
                continue
            if response.status_code == 429 or response.status_code >= 500:
                last_problem = _describe(response)
                logger.warning(
                    "prisoner_search.retry", extra={"what": what, "problem": last_problem}
                )
                if attempt < self.max_attempts:
                    self._wait(attempt, _retry_after(response), what)
                continue
            return response
        raise PrisonerSearchError(
            f"{what}: failed after {self.max_attempts} attempts ({last_problem})"
        )

    @staticmethod
    def _json(response: requests.Response, what: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise PrisonerSearchError(f"{what}: the answer is not JSON") from None

    # Authentication.

    def _fetch_token(self) -> str:
        what = "Signing in to HMPPS Auth"
        response = self._send(
            "POST",
            self.token_url,
            what,
            params={"grant_type": "client_credentials"},
            data={"grant_type": "client_credentials"},
            auth=self._credentials,
            headers={"Accept": "application/json"},
        )
        if response.status_code in (400, 401, 403):
            raise PrisonerSearchError(
                f"{what}: the client id and secret were refused ({_describe(response)})"
            )
        if response.status_code != 200:
            raise PrisonerSearchError(f"{what}: {_describe(response)}")
        body = self._json(response, what)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise PrisonerSearchError(f"{what}: the answer has no access_token")
        lifetime = _seconds(body.get("expires_in"), default=300.0)
        margin = min(TOKEN_MARGIN_SECONDS, lifetime / 10)
        self._token = token
        self._token_renew_at = self._monotonic() + max(0.0, lifetime - margin)
        self.tokens_fetched += 1
        return token

    def _bearer(self) -> str:
        if self._token is None or self._monotonic() >= self._token_renew_at:
            return self._fetch_token()
        return self._token

    def _get(self, url: str, what: str, params: dict[str, Any] | None = None) -> requests.Response:
        """A GET with the token; on a 401 the token is fetched again and the GET repeated
        (once: a second 401 means the client is not allowed)."""
        for fresh in (False, True):
            if fresh:
                self._token = None
            response = self._send(
                "GET",
                url,
                what,
                params=params,
                headers={"Authorization": f"Bearer {self._bearer()}", "Accept": "application/json"},
            )
            if response.status_code != 401:
                return response
        raise PrisonerSearchError(f"{what}: refused with a new token too (HTTP 401)")

    # The API.

    def page(self, prison_id: str, number: int) -> Page:
        what = f"Reading page {number + 1} of the prisoners at {prison_id}"
        response = self._get(
            f"{self.search_url}/prisoner-search/prison/{quote(prison_id, safe='')}",
            what,
            params={"page": number, "size": self.page_size},
        )
        if response.status_code != 200:
            raise PrisonerSearchError(f"{what}: {_describe(response)}")
        body = self._json(response, what)
        if not isinstance(body, dict) or not isinstance(body.get("content"), list):
            raise PrisonerSearchError(f"{what}: the page has no content list")
        content = body["content"]
        if not all(isinstance(item, dict) for item in content):
            raise PrisonerSearchError(f"{what}: the page's content is not a list of prisoners")
        total_pages = body.get("totalPages")
        page_number = body.get("number")
        return Page(
            number=page_number if isinstance(page_number, int) else number,
            content=content,
            total_pages=total_pages if isinstance(total_pages, int) else None,
            last=body.get("last") is True,
        )

    def pages(self, prison_id: str) -> Iterator[Page]:
        """Every page of the prisoners at ``prison_id``, from the first: until a page
        says it is the last, the page count is reached, or a page is empty."""
        number = 0
        while number < MAX_PAGES:
            page = self.page(prison_id, number)
            yield page
            if page.last or not page.content:
                return
            if page.total_pages is not None and number + 1 >= page.total_pages:
                return
            number += 1
        raise PrisonerSearchError(f"The prisoners at {prison_id} run past {MAX_PAGES} pages")

    def prisoner(self, prisoner_number: str) -> dict[str, Any] | None:
        """One prisoner by number (``None`` if the API does not know him)."""
        what = f"Looking up {prisoner_number}"
        response = self._get(f"{self.search_url}/prisoner/{quote(prisoner_number, safe='')}", what)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise PrisonerSearchError(f"{what}: {_describe(response)}")
        body = self._json(response, what)
        if not isinstance(body, dict):
            raise PrisonerSearchError(f"{what}: the answer is not a prisoner")
        return body
