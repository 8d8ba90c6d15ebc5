"""Locust users for ``saferelease loadtest`` (``make loadtest``): signed-in staff using the
caseload, prisoner pages, the releases board, dashboards, action plans and the API, with
5% writes that send the record's ETag as If-Match. Not part of the product.

Configuration comes from the JSON file named by ``LOADTEST_CONFIG`` (written by the
command): the signed-in sessions, and per establishment the prisoner numbers and action plans.
Each simulated user writes only to its own share of the prisoners, so the last write it
saw accepted for a prisoner must be the stored value afterwards; accepted writes are
appended to ``LOADTEST_WRITES`` (JSON lines).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import uuid
from typing import Any

from locust import HttpUser, between, task

CONFIG: dict[str, Any] = json.loads(open(os.environ["LOADTEST_CONFIG"]).read())  # noqa: SIM115
WRITES = os.environ["LOADTEST_WRITES"]
_counter = itertools.count()
_write_lock = threading.Lock()


def _plain_cookies(jar: Any) -> None:
    """The production settings mark cookies Secure; this test talks plain HTTP to a local
    server, so the cookies are kept as plain ones (the server is unchanged)."""
    for cookie in list(jar):
        if cookie.secure:
            jar.clear(cookie.domain, cookie.path, cookie.name)
            jar.set(cookie.name, cookie.value, domain=cookie.domain, path=cookie.path)


class Staff(HttpUser):
    #: Seconds between two actions of one user ("min-max" from the command's --wait).
    wait_time = between(*(float(x) for x in CONFIG.get("wait", "5-15").split("-", 1)))

    def on_start(self) -> None:
        self.index = next(_counter)
        sign_in = CONFIG["sign_ins"][self.index % len(CONFIG["sign_ins"])]
        self.code = sign_in["establishment"]
        self.username = sign_in["username"]
        place = CONFIG["establishments"][self.code]
        self.prisoners: list[str] = place["prisoners"]
        self.plans: list[int] = place["plans"]
        share = CONFIG["users"]
        self.mine = self.prisoners[self.index % share :: share] or self.prisoners[:1]
        host = str(self.host or "").split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        self.client.cookies.set("sessionid", sign_in["session"], domain=host, path="/")
        # A page with a form sets the CSRF cookie the API's writes send back.
        self._get(f"/caseload/?establishment={self.code}&scope=establishment", "caseload")

    def _get(self, path: str, name: str) -> Any:
        """A GET that must answer 200 itself (a redirect, to the sign-in page or
        elsewhere, is a failure)."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _plain_cookies(self.client.cookies)
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
        return response

    @task(20)
    def caseload(self) -> None:
        self._get(f"/caseload/?establishment={self.code}&scope=establishment", "caseload")

    @task(25)
    def prisoner_page(self) -> None:
        self._get(f"/prisoners/{random.choice(self.prisoners)}/", "prisoner page")  # noqa: S311

    @task(15)
    def releases_board(self) -> None:
        self._get(f"/releases/?establishment={self.code}", "releases board")

    @task(10)
    def dashboard(self) -> None:
        self._get(f"/dashboards/{self.code}/", "dashboard")

    @task(10)
    def action_plan(self) -> None:
        if self.plans:
            self._get(f"/inspections/plans/{random.choice(self.plans)}/", "action plan")  # noqa: S311
        else:
            self._get(f"/inspections/establishments/{self.code}/", "action plan")

    @task(15)
    def api_list(self) -> None:
        self._get(f"/api/v1/prisoners/?establishment={self.code}&in_custody=1", "API prisoner list")

    @task(3)
    def baseline(self) -> None:
        """The liveness check: almost no work, so its times show the machine's own delays."""
        self._get("/healthz", "health check (baseline)")

    @task(5)
    def write(self) -> None:
        number = random.choice(self.mine)  # noqa: S311
        current = self._get(f"/api/v1/prisoners/{number}/", "API prisoner (before a write)")
        etag = current.headers.get("ETag", "")
        value = f"Load test {uuid.uuid4().hex[:12]}"
        csrf = self.client.cookies.get("csrftoken", "")
        with self.client.patch(
            f"/api/v1/prisoners/{number}/",
            json={"com_name": value},
            headers={"If-Match": etag, "X-CSRFToken": csrf},
            name="API write (If-Match)",
            catch_response=True,
        ) as response:
            _plain_cookies(self.client.cookies)
            if response.status_code == 200:
                with _write_lock, open(WRITES, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps({"prisoner": number, "com_name": value}) + "\n")
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
