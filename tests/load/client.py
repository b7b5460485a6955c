"""A small HTTP client standing in for a browser behind the TLS-terminating load balancer.

Each ``Browser`` has its own cookies and its own address. It speaks plain HTTP to gunicorn on
loopback but sends the X-Forwarded-* headers the load balancer would (the app runs with
PROXY_COUNT=1), so the production config sees HTTPS. Stdlib cookie jars never send a Secure
cookie over plain HTTP, so this one keeps its cookies itself.
"""

import dataclasses
import http.client
import math
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

PUBLIC_HOST = "care-voices.test"
UNAVAILABLE_TEXT = "Sorry, the service is unavailable"
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_EXPIRED = re.compile(r"(?i)(?:^|;)\s*(?:max-age=0\b|expires=[^;]*\b1970\b)")


@dataclass
class Reply:
    kind: str
    method: str
    path: str
    # 0 when no HTTP answer came back at all (refused, reset, timed out).
    status: int
    seconds: float
    # When the request began (time.monotonic) and which client's address sent it.
    started: float = 0.0
    client: str = ""
    body: str = ""
    location: str = ""
    error: str = ""
    # Whether the page was the friendly "service unavailable" page.
    unavailable_page: bool = False

    @property
    def redirected_to(self) -> str:
        """The path of a redirect's Location, whether the app sent it absolute or relative."""
        return urllib.parse.urlsplit(self.location).path


@dataclass
class Tally:
    """Every request any client made, shared by all of them."""

    replies: list[Reply] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, reply: Reply) -> None:
        with self.lock:
            self.replies.append(reply)


def csrf_token(html: str) -> str | None:
    """The CSRF token in the first form on the page, if there is one."""
    return hidden_value(html, "csrf_token")


def hidden_value(html: str, name: str) -> str | None:
    """The value of the first input with this name on the page, if there is one."""
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if found is None:
        return None
    value = _VALUE.search(found.group(0))
    return value.group(1) if value else None


class Browser:
    """One person's browser: its own cookies, its own address, a timeout on every request."""

    def __init__(self, port: int, address: str, tally: Tally, timeout: float = 15):
        self.port = port
        self.address = address
        self.tally = tally
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def _headers(self, referer_path: str | None) -> dict[str, str]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": PUBLIC_HOST,
            "X-Forwarded-For": self.address,
            "User-Agent": "care-voices-load-test",
            "Connection": "close",
        }
        if referer_path is not None:
            # Flask-WTF checks that an HTTPS form was posted from our own origin.
            headers["Referer"] = f"https://{PUBLIC_HOST}{referer_path}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if _EXPIRED.search(";" + attributes):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        referer: str | None = None,
    ) -> Reply:
        headers = self._headers(referer)
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self._keep_cookies(response)
            reply = Reply(
                kind,
                method,
                path,
                response.status,
                time.monotonic() - started,
                started,
                self.address,
                body=text,
                location=response.headers.get("Location", ""),
            )
        except (OSError, http.client.HTTPException) as error:
            reply = Reply(
                kind,
                method,
                path,
                0,
                time.monotonic() - started,
                started,
                self.address,
                error=repr(error),
            )
        finally:
            connection.close()
        reply.unavailable_page = UNAVAILABLE_TEXT in reply.body
        # The tally keeps every request of the run, so not the pages themselves.
        self.tally.add(dataclasses.replace(reply, body=""))
        return reply

    def get(self, kind: str, path: str) -> Reply:
        return self.request(kind, "GET", path)

    def submit(self, kind: str, form_path: str, action: str, data: dict[str, str]):
        """Load the page with the form, then post it with that page's CSRF token.

        Returns (form page reply, post reply or None when the page had no form).
        """
        page = self.get(f"{kind}_form", form_path)
        token = csrf_token(page.body) if page.status == 200 else None
        if token is None:
            return page, None
        return page, self.request(
            kind, "POST", action, form={"csrf_token": token, **data}, referer=form_path
        )


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of values (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
