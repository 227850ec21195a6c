"""Requests to the WSGI app as a browser or an API client makes them, without a server."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def cookies(self) -> list[str]:
        return [v for k, v in self.headers if k.lower() == "set-cookie"]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


@dataclass
class Client:
    """A browser's cookie jar over a WSGI app; ``address`` is the peer's (REMOTE_ADDR)."""

    app: object
    address: str = "127.0.0.1"
    headers: dict[str, str] = field(default_factory=dict)
    jar: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, query: str = "", form: dict | None = None, **headers: str
    ) -> Answer:
        body = urlencode(form or {}).encode() if form is not None else b""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": quote(query, safe="=&%"),
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "8080",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost:8080",
            "REMOTE_ADDR": self.address,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        if form is not None:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        if self.jar:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        for name, value in {**self.headers, **headers}.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        started: dict = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"], started["headers"] = status, response_headers

        chunks = self.app(environ, start_response)  # type: ignore[operator]
        try:
            data = b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
        answer = Answer(int(started["status"].split()[0]), started["headers"], data)
        for line in answer.cookies():
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = morsel.value
        return answer

    def get(self, path: str, query: str = "", **headers: str) -> Answer:
        return self.request("GET", path, query, **headers)

    def post(self, path: str, form: dict, **headers: str) -> Answer:
        return self.request("POST", path, "", form, **headers)

    def sign_in(self, name: str, password: str) -> Answer:
        self.get("/login")
        return self.post(
            "/login", {"name": name, "password": password, "csrf": self.jar.get("jianbao_csrf", "")}
        )
