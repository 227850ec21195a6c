"""Signing in and out (search_app.web.signin) as WSGI calls: CSRF on every form, the session cookie's
attributes, idle and absolute expiry, failed sign-ins limited, sessions ended by sign-out, a new password
or a disabled account, single sign-on through a trusted proxy's header, and the safe defaults."""

from __future__ import annotations

import re
import time

import pytest

from indexer.store.accounts import Accounts, digest, hash_password
from search_app.web.app import make_bottle, refusal_to_open, with_sign_in_forms
from search_app.web.guard import guarded
from search_app.web.signin import FORM_BYTES, SignInConfig
from tests.access_archive import index_archive, write_archive
from tests.search_app.web.wsgi import Client

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    archive = write_archive(tmp_path_factory.mktemp("signin-archive"))
    return index_archive(archive, archive.root / "index", "whoosh")


def change(store, action) -> None:
    with store.writer(wait_seconds=10) as writer, store.catalog(writing=True) as catalog:
        action(Accounts(catalog))
        writer.commit()
        catalog.commit()


@pytest.fixture(scope="module")
def accounts(store):
    change(store, lambda a: a.add("wang", "reader", [], hash_password(PASSWORD)))
    change(store, lambda a: a.add("li", "reader", [], hash_password(PASSWORD)))
    change(store, lambda a: a.add("sso", "reader", ["保密"], None))
    return store


def served(store, config: SignInConfig | None = None):
    bottle_app = make_bottle(store, signin=config)
    return guarded(bottle_app), bottle_app.config["jianbao.gate"]


@pytest.fixture
def app(accounts):
    wsgi, gate = served(accounts)
    yield wsgi
    gate.close()


def test_a_sign_in_without_the_forms_csrf_token_is_refused(app):
    client = Client(app)
    client.get("/login")
    assert client.post("/login", {"name": "wang", "password": PASSWORD}).status == 403
    assert client.post("/login", {"name": "wang", "password": PASSWORD, "csrf": "guessed"}).status == 403
    stranger = Client(app)  # another site's page posting with the victim's cookies but not their token
    assert stranger.post("/login", {"name": "wang", "password": PASSWORD, "csrf": ""}).status == 403
    assert "jianbao_session" not in client.jar


def test_a_sign_in_from_another_origin_is_refused(app):
    client = Client(app)
    client.get("/login")
    form = {"name": "wang", "password": PASSWORD, "csrf": client.jar["jianbao_csrf"]}
    assert client.post("/login", form, Origin="https://evil.example").status == 403
    assert client.post("/login", form, Origin="http://localhost:8080").status == 303


def test_the_session_cookie_is_httponly_samesite_and_secure_behind_tls(app):
    client = Client(app)
    answer = client.sign_in("wang", PASSWORD)
    assert answer.status == 303 and answer.header("Location") == "/"
    (cookie,) = [c for c in answer.cookies() if c.startswith("jianbao_session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie and "Secure" not in cookie
    behind_tls = Client(app, headers={"X-Forwarded-Proto": "https"})
    behind_tls.get("/login")
    form = {"name": "wang", "password": PASSWORD, "csrf": behind_tls.jar["jianbao_csrf"]}
    (cookie,) = [c for c in behind_tls.post("/login", form).cookies() if c.startswith("jianbao_session=")]
    assert "Secure" in cookie
    csrf = next(c for c in Client(app).get("/login").cookies() if c.startswith("jianbao_csrf="))
    assert "SameSite=Strict" in csrf and "HttpOnly" in csrf


def test_a_wrong_password_and_an_unknown_name_are_answered_alike(app):
    wrong, unknown = Client(app), Client(app)
    first = wrong.sign_in("wang", "not-the-password")
    second = unknown.sign_in("nobody-here", "not-the-password")
    assert first.status == second.status == 401

    def neutral(answer, name):
        return re.sub(r'name="csrf" value="[^"]*"', "", answer.text).replace(name, "X")

    assert neutral(first, "wang") == neutral(second, "nobody-here")
    assert "账号或密码不正确" in first.text


def test_failed_sign_ins_are_limited_per_name(accounts):
    app, gate = served(accounts)
    try:
        client = Client(app)
        for _ in range(8):
            assert client.sign_in("li", "not-the-password").status == 401
        refused = client.sign_in("li", PASSWORD)  # the right password too, until the window passes
        assert refused.status == 429 and int(refused.header("Retry-After")) > 0
        assert Client(app, address="10.0.0.9").sign_in("wang", PASSWORD).status == 303  # others sign in
    finally:
        gate.close()


def test_signing_out_needs_the_token_and_ends_the_session_on_the_server(app):
    client = Client(app)
    client.sign_in("wang", PASSWORD)
    session = client.jar["jianbao_session"]
    assert client.get("/api/search").json()["total"] == 2
    assert client.post("/logout", {}).status == 403
    assert client.post("/logout", {"csrf": client.jar["jianbao_csrf"]}).status == 303
    replayed = Client(app, jar={"jianbao_session": session})
    assert replayed.get("/api/search").json()["total"] == 1  # nobody signed in: the public document alone


def test_an_idle_session_and_an_old_one_end(accounts):
    app, gate = served(accounts, SignInConfig(idle_seconds=600, max_seconds=3600))
    try:
        idle, old = Client(app), Client(app)
        idle.sign_in("wang", PASSWORD)
        old.sign_in("wang", PASSWORD)
        idle_cookie, old_cookie = digest(idle.jar["jianbao_session"]), digest(old.jar["jianbao_session"])

        def age(catalog) -> None:
            catalog.touch_session(idle_cookie, time.time() - 601)  # last seen past the idle time
            catalog.drop_session(old_cookie)  # signed in past the longest a session lives, seen just now
            catalog.add_session(old_cookie, "wang", time.time() - 3601)
            catalog.touch_session(old_cookie, time.time())

        gate.writer.call(age)
        assert idle.get("/api/search").json()["total"] == 1
        assert old.get("/api/search").json()["total"] == 1
    finally:
        gate.close()


def test_a_new_password_or_a_disabled_account_ends_its_sessions(accounts, app):
    change(accounts, lambda a: a.add("zhao", "reader", [], hash_password(PASSWORD)))
    first, second = Client(app), Client(app)
    first.sign_in("zhao", PASSWORD)
    second.sign_in("zhao", PASSWORD)
    assert first.get("/api/search").json()["total"] == 2
    change(accounts, lambda a: a.set_password("zhao", hash_password("another-password-1")))
    assert first.get("/api/search").json()["total"] == 1
    second.sign_in("zhao", "another-password-1")
    change(accounts, lambda a: a.set_disabled("zhao", True))
    assert second.get("/api/search").json()["total"] == 1
    assert Client(app).sign_in("zhao", "another-password-1").status == 401


def test_single_sign_on_trusts_the_header_only_from_the_proxy(accounts):
    config = SignInConfig(proxy_header="X-Remote-User", trusted_proxies=frozenset({"127.0.0.1"}))
    app, gate = served(accounts, config)
    try:
        proxied = Client(app, headers={"X-Remote-User": "sso"})
        assert proxied.get("/api/search").json()["total"] == 3  # sso is cleared for 秘密
        assert "sso" in proxied.get("/").text
        forged = Client(app, address="10.1.2.3", headers={"X-Remote-User": "sso"})
        assert forged.get("/api/search").json()["total"] == 1  # not from the proxy: nobody signed in
        unknown = Client(app, headers={"X-Remote-User": "stranger"})
        assert unknown.get("/").status == 403
        assert Client(app).get("/api/search").json()["total"] == 1
    finally:
        gate.close()


def test_after_sign_in_only_a_path_of_this_site_is_followed(app):
    for wanted, landing in (
        ("/units", "/units"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
    ):
        client = Client(app)
        client.get("/login")
        form = {"name": "wang", "password": PASSWORD, "csrf": client.jar["jianbao_csrf"], "next": wanted}
        assert client.post("/login", form).header("Location") == landing


def test_with_no_account_the_server_is_this_machines_own(tmp_path):
    archive = write_archive(tmp_path / "archive")
    store = index_archive(archive, archive.root / "index", "whoosh")
    app, gate = served(store)
    try:
        client = Client(app)
        assert client.get("/api/search").json()["total"] == 3  # as the CLI sees it
        assert "无需登录" in client.get("/login").text
        assert refusal_to_open(store, "127.0.0.1", SignInConfig()) is None
        refusal = refusal_to_open(store, "0.0.0.0", SignInConfig())
        assert refusal and "jianbao users add" in refusal
        proxy = SignInConfig(proxy_header="X-Remote-User", trusted_proxies=frozenset({"127.0.0.1"}))
        assert refusal_to_open(store, "0.0.0.0", proxy) is None
        change(store, lambda a: a.add("admin", "admin", [], hash_password(PASSWORD)))
        assert refusal_to_open(store, "0.0.0.0", SignInConfig()) is None
    finally:
        gate.close()


def test_nothing_open_to_nobody_asks_them_to_sign_in(tmp_path):
    archive = write_archive(tmp_path / "archive")
    archive.access_file.write_text('default = "signed"\n', encoding="utf-8")
    store = index_archive(archive, archive.root / "index", "whoosh")
    change(store, lambda a: a.add("wang", "reader", [], hash_password(PASSWORD)))
    app, gate = served(store)
    try:
        page = Client(app).get("/", "q=养犬")
        assert page.status == 303 and page.header("Location").startswith("/login?next=%2F%3Fq%3D")
        assert Client(app).get("/api/search").status == 401
        client = Client(app)
        client.sign_in("wang", PASSWORD)
        assert client.get("/api/search").json()["total"] == 2
    finally:
        gate.close()


def test_the_sign_in_forms_take_a_small_body_and_the_rest_stays_bodiless():
    def no_body(method, path, headers, length):
        return None, 0

    admit = with_sign_in_forms(no_body)
    assert admit("POST", "/login", {}, 100) == (None, FORM_BYTES)
    assert admit("POST", "/logout", {}, 10) == (None, FORM_BYTES)
    assert admit("POST", "/api/search", {}, 10) == (None, 0)


# Routes that read no document: the OpenAPI document, static files, the sign-in forms, and the upload,
# which its own token guards. Every other route must take its store from the gate.
STORELESS = {
    "/api/openapi.json",
    "/favicon.ico",
    "/static/<filename:path>",
    "/login",
    "/logout",
    "/api/documents",
}


def test_every_route_that_reads_the_archive_goes_through_the_gate(accounts):
    bottle_app = make_bottle(accounts)
    try:
        ungated = [
            r.rule
            for r in bottle_app.routes
            if r.rule not in STORELESS and not getattr(r.callback, "gated", False)
        ]
        assert ungated == []
        assert len([r for r in bottle_app.routes if getattr(r.callback, "gated", False)]) >= 18
    finally:
        bottle_app.config["jianbao.gate"].close()


def test_behind_nginx_the_forwarded_address_is_the_users():
    from search_app.web.signin import client_address

    assert (
        client_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.0.0.7"})
        == "10.0.0.7"
    )
    assert client_address({"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == "10.9.9.9"
    assert client_address({"REMOTE_ADDR": "127.0.0.1"}) == "127.0.0.1"


def test_once_someone_signs_in_no_shared_cache_may_keep_an_answer(app):
    client = Client(app)
    client.sign_in("wang", PASSWORD)
    for path in ("/", "/api/search", "/units"):
        answer = client.get(path)
        assert "private" in answer.header("Cache-Control") and "Cookie" in answer.header("Vary")


def test_the_operator_is_told_at_start_who_must_sign_in_and_whether_the_rules_are_applied(tmp_path):
    from search_app.web.app import access_state_line
    from tests.access_archive import access_file_set

    archive = write_archive(tmp_path / "archive")
    store = index_archive(archive, archive.root / "index", "whoosh")
    with access_file_set(archive.access_file):
        assert "未配置账号" in access_state_line(store, SignInConfig())
        change(store, lambda a: a.add("wang", "reader", [], hash_password(PASSWORD)))
        line = access_state_line(store, SignInConfig())
        assert "已启用" in line and "尚未应用" not in line
        archive.access_file.write_text('default = "public"\n', encoding="utf-8")
        assert "尚未应用" in access_state_line(store, SignInConfig())


def test_a_server_on_a_fresh_install_makes_no_catalog(tmp_path):
    from indexer.engines import open_store

    store = open_store(tmp_path / "index")
    app, gate = served(store)
    try:
        Client(app).get("/api/search")
        gate.writer.flush()
    finally:
        gate.close()
    assert not (tmp_path / "index").exists()  # the index's first run makes it, as before
