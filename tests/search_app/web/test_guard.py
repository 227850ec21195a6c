"""The URL check before any route and the security headers on every answer (no server)."""

from __future__ import annotations

import pytest

from search_app.web.guard import (
    CONTENT_SECURITY_POLICY,
    MAX_PARAMETERS,
    BadURL,
    check_url,
    with_security_headers,
)


def environ(path: str = "/", query: str = "") -> dict:
    return {"PATH_INFO": path, "QUERY_STRING": query}


def test_clean_utf8_paths_and_parameters_pass():
    check_url(environ("/units/东昌府区".encode().decode("latin-1"), "q=%E5%88%9B%E5%9F%8E&unit=a+b&x="))


@pytest.mark.parametrize(
    "url, parameter",
    [
        (environ("/units/\xe4\xb8"), "path"),  # truncated UTF-8, as the server hands it over (Latin-1)
        (environ("/a\x01b"), "path"),
        (environ("/", "q=%E5%88"), "q"),
        (environ("/", "unit=%00"), "unit"),
        (environ("/", "%FF=1"), None),
        (environ("/", "&".join(["a=1"] * (MAX_PARAMETERS + 1))), None),
    ],
)
def test_a_bad_url_names_what_is_wrong(url, parameter):
    with pytest.raises(BadURL) as refused:
        check_url(url)
    assert refused.value.parameter == parameter and str(refused.value)


def test_every_answer_gets_the_security_headers_and_pages_a_content_policy():
    page = dict(with_security_headers([("Content-Type", "text/html; charset=utf-8")]))
    assert page["X-Content-Type-Options"] == "nosniff" and page["X-Frame-Options"] == "DENY"
    assert page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    data = dict(
        with_security_headers([("Content-Type", "application/json"), ("X-Frame-Options", "SAMEORIGIN")])
    )
    assert "Content-Security-Policy" not in data and data["X-Frame-Options"] == "SAMEORIGIN"
