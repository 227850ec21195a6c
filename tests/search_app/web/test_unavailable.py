"""A 503 says what happened and what to do once: no 服务繁忙 or 重试 said twice (no server needed)."""

from __future__ import annotations

import io
import json
import sys

import bottle
import pytest

from search_app.web.app import answer_errors
from search_app.web.capacity import Gate, Overloaded


def answered(path: str, error: Exception) -> bottle.HTTPResponse:
    bottle.request.bind(
        {"REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
    )

    def failing():
        raise error

    return answer_errors(failing)()


def busy() -> Overloaded:
    """The message a full gate gives."""
    gate = Gate("检索", slots=1, budget=5, queue_seconds=0)
    gate._free.acquire()  # the one slot taken by a request still running
    try:
        with pytest.raises(Overloaded) as raised:
            gate.run(lambda: None)
    finally:
        gate._free.release()
        gate.close()
    return raised.value


@pytest.mark.parametrize("path", ["/", "/api/search"])
def test_a_busy_server_says_retry_once(path):
    answer = answered(path, busy())
    body = answer.body if isinstance(answer.body, str) else b"".join(answer.body).decode("utf-8")
    text = json.loads(body)["error"] if path.startswith("/api/") else body
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert text.count("重试") == 1 and text.count("服务繁忙：") == 1
