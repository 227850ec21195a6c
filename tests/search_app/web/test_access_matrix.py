"""Every route × every kind of viewer × a public, an internal (内部资料) and a secret (秘密★) document, on
every engine: each answer holds exactly what the viewer may see, and a document they may not see is
answered as one that does not exist (404), nowhere counted, listed, suggested, fed or exported."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote

import pytest
from docx import Document

from indexer.store.accounts import Accounts, hash_password
from search_app.web.app import make_bottle
from search_app.web.guard import guarded
from tests.access_archive import index_archive, write_archive
from tests.conftest import index_location
from tests.search_app.office_files import read_xlsx
from tests.search_app.web.wsgi import Client

PASSWORD = "correct-horse-battery"
# name → (role, groups); "cleared" is a reader in the group cleared for 秘密
ACCOUNTS = {
    "reader": ("reader", []),
    "auditor": ("auditor", []),
    "admin": ("admin", []),
    "cleared": ("reader", ["保密"]),
}
VIEWERS = ("anonymous", *ACCOUNTS)
SEEN = {
    "anonymous": {"public"},
    "reader": {"public", "internal"},
    "auditor": {"public", "internal"},
    "cleared": {"public", "internal", "secret"},
    "admin": {"public", "internal", "secret"},
}
# each document's unit (its facet value), a word only it holds, and its title
DOCS = {
    "public": ("古楼街道", "犬只登记", "古楼街道开展文明养犬宣传"),
    "internal": ("柳园街道", "清淤", "柳园街道推进河道整治"),
    "secret": ("湖西街道", "易涝点", "关于做好湖西街道防汛工作的通知"),
}


def _with_accounts(store):
    with store.writer(wait_seconds=10) as writer, store.catalog(writing=True) as catalog:
        for name, (role, groups) in ACCOUNTS.items():
            Accounts(catalog).add(name, role, groups, hash_password(PASSWORD))
        writer.commit()
        catalog.commit()
    return store


@pytest.fixture(scope="module")
def site(request, tmp_path_factory, search_engine):
    archive = write_archive(tmp_path_factory.mktemp("matrix-archive"))
    location = index_location(request, tmp_path_factory, search_engine, f"matrix-{search_engine}")
    store = _with_accounts(index_archive(archive, location, search_engine))
    served = make_bottle(store)
    app = guarded(served)
    admin = Client(app)
    admin.sign_in("admin", PASSWORD)
    ids = {}
    for hit in admin.get("/api/search", "size=10").json()["hits"]:
        kind = next(k for k, (unit, _, _) in DOCS.items() if unit in hit["units"])
        ids[kind] = hit["id"]
    assert set(ids) == set(DOCS)
    yield app, ids, served.config["jianbao.gate"]
    served.config["jianbao.gate"].close()


def _signed_in(app) -> dict[str, Client]:
    signed = {}
    for name in VIEWERS:
        client = Client(app)
        if name != "anonymous":
            assert client.sign_in(name, PASSWORD).status == 303
        signed[name] = client
    return signed


@pytest.fixture(scope="module")
def clients(site):
    app, _, _ = site
    return _signed_in(app)


# A secret report, after the public commitment's deadline, on what it promised (古楼街道's dog registration):
# its follow-up for those who may see it; for everyone else the commitment stays overdue.
SECRET_FOLLOW_UP = """秘密★1年
某市人民政府办公室文件
某政办发〔2021〕5号

关于古楼街道犬只登记工作进展情况的通报

各街道办事处：
截至7月5日，古楼街道辖区犬只登记已实现全覆盖，共登记犬只1200余只。

某市人民政府办公室
2021年7月6日
"""
FOLLOW_UP_TITLE = "古楼街道犬只登记工作进展情况"
AS_OF = "as_of=2021-07-10"


@pytest.fixture(scope="module")
def followed_clients(request, tmp_path_factory, search_engine):
    archive = write_archive(tmp_path_factory.mktemp("matrix-followed-archive"))
    (archive.root / "密件" / "进展.txt").write_text(SECRET_FOLLOW_UP, encoding="utf-8")
    location = index_location(request, tmp_path_factory, search_engine, f"matrix-followed-{search_engine}")
    store = _with_accounts(index_archive(archive, location, search_engine))
    served = make_bottle(store)
    yield _signed_in(guarded(served))
    served.config["jianbao.gate"].close()


def kinds_in(text: str) -> set[str]:
    """Which test documents a page, a CSV or a JSON answer names (by unit, word or title)."""
    return {kind for kind, markers in DOCS.items() if any(m in text for m in markers)}


@pytest.mark.parametrize("who", VIEWERS)
def test_search_hits_totals_and_facets(site, clients, who):
    client = clients[who]
    answer = client.get("/api/search", "size=10").json()
    assert answer["total"] == len(SEEN[who])
    assert kinds_in(str(answer["hits"])) == SEEN[who]
    units = {item["value"] for item in answer["facets"]["unit"]}
    assert {kind for kind, (unit, _, _) in DOCS.items() if unit in units} == SEEN[who]
    assert sum(item["count"] for item in answer["facets"]["kind"]) == len(SEEN[who])
    assert sum(item["count"] for item in answer["facets"]["year"]) == len(SEEN[who])
    for kind, (_, word, _) in DOCS.items():
        found = client.get("/api/search", f"q={word}").json()
        assert found["total"] == (1 if kind in SEEN[who] else 0)
        assert all(not item for item in found["facets"].values()) or kind in SEEN[who]
        filtered = client.get("/api/search", f"unit={DOCS[kind][0]}").json()
        assert filtered["total"] == (1 if kind in SEEN[who] else 0)
    page = client.get("/", "q=")
    assert page.status == 200 and kinds_in(page.text) == SEEN[who]


@pytest.mark.parametrize("who", VIEWERS)
def test_suggestions_units_and_the_histogram(site, clients, who):
    client = clients[who]
    for kind, (unit, _, _) in DOCS.items():
        suggested = client.get("/api/suggest", f"q={unit[:2]}").json()["suggestions"]
        assert any(s["value"] == unit for s in suggested) is (kind in SEEN[who])
    units = client.get("/api/units").json()
    assert kinds_in(str(units)) == SEEN[who]
    assert kinds_in(client.get("/units").text) == SEEN[who]
    months = client.get("/api/search", "size=1").json()["facets"]["month"]
    assert {m["value"] for m in months} == {
        {"public": "2021-05", "internal": "2021-06", "secret": "2021-07"}[k] for k in SEEN[who]
    }


@pytest.mark.parametrize("who", VIEWERS)
def test_unit_pages_and_scorecards(site, clients, who):
    client = clients[who]
    for kind, (unit, _, _) in DOCS.items():
        visible = kind in SEEN[who]
        for path in (f"/units/{unit}", f"/api/units/{unit}"):
            answer = client.get(path)
            assert answer.status == (200 if visible else 404), (path, answer.status)
            if visible:
                assert kinds_in(answer.text) <= SEEN[who]
            else:  # word for word the answer about a unit the archive never heard of
                unknown = client.get(path.replace(unit, "无此街道"))
                assert _neutral(answer.text, unit) == _neutral(unknown.text, "无此街道")
        card = client.get(f"/api/units/{unit}/commitments").json()
        nowhere = client.get("/api/units/不存在街道/commitments").json()
        assert card["commitments"] == (1 if visible else nowhere["commitments"])
        scorecard = client.get(f"/units/{unit}/commitments")
        assert scorecard.status == 200
        if visible:
            assert kinds_in(scorecard.text) <= SEEN[who]
        else:
            unknown = client.get("/units/不存在街道/commitments")
            assert _neutral(scorecard.text, unit) == _neutral(unknown.text, "不存在街道")


@pytest.mark.parametrize("who", VIEWERS)
def test_the_ledger_and_its_exports(site, clients, who):
    client = clients[who]
    ledger = client.get("/api/statements").json()
    assert ledger["total"] == len(SEEN[who])
    assert kinds_in(str(ledger["statements"])) == SEEN[who]
    assert kinds_in(client.get("/statements").text) == SEEN[who]
    rows = list(csv.reader(io.StringIO(client.get("/api/statements", "format=csv").text.lstrip("\ufeff"))))
    assert len(rows) - 1 == len(SEEN[who]) and kinds_in(str(rows)) == SEEN[who]
    page_rows = list(csv.reader(io.StringIO(client.get("/statements", "format=csv").text.lstrip("\ufeff"))))
    assert len(page_rows) - 1 == len(SEEN[who])
    for path in ("/statements", "/api/statements"):
        sheet = read_xlsx(client.get(path, "format=xlsx").body)
        assert len(sheet.rows) - 1 == len(SEEN[who]) and kinds_in(str(sheet.rows)) == SEEN[who]
        assert hidden_ids(site, who) & ids_in(str(sheet.links)) == set()
        report = client.get(path, "format=docx")
        assert kinds_in(docx_text(report.body)) == SEEN[who]
        assert len(Document(io.BytesIO(report.body)).tables) == len(SEEN[who])  # one unit each
        links = [r.target_ref for r in Document(io.BytesIO(report.body)).part.rels.values() if r.is_external]
        assert hidden_ids(site, who) & ids_in(str(links)) == set()


@pytest.mark.parametrize("who", VIEWERS)
def test_a_follow_up_counts_only_for_those_who_may_see_it(followed_clients, who):
    client = followed_clients[who]
    sees_it = "secret" in SEEN[who]
    (pledge,) = client.get("/api/statements", f"q=犬只登记&{AS_OF}").json()["statements"]
    assert pledge["status"] == ("已到期" if sees_it else "逾期")
    assert [f["title"] for f in pledge["follow_ups"]] == ([f"关于{FOLLOW_UP_TITLE}的通报"] if sees_it else [])
    for status, listed in (("已到期", sees_it), ("逾期", not sees_it)):
        answer = client.get("/api/statements", f"status={status}&q=犬只登记&{AS_OF}").json()
        assert answer["total"] == int(listed)
        page = client.get("/statements", f"status={status}&{AS_OF}").text
        assert ("犬只登记全覆盖" in page) is listed and (FOLLOW_UP_TITLE in page) is (listed and sees_it)
    card = client.get("/api/units/古楼街道/commitments", AS_OF).json()
    assert (card["due"], card["overdue"], card["with_follow_ups"]) == ((1, 0, 1) if sees_it else (0, 1, 0))
    exported = client.get("/api/statements", f"format=csv&{AS_OF}").text
    assert (FOLLOW_UP_TITLE in exported) is sees_it


@pytest.mark.parametrize("who", VIEWERS)
def test_search_unit_and_timeline_exports(site, clients, who):
    client = clients[who]
    for path in ("/", "/api/search"):
        rows = list(csv.reader(io.StringIO(client.get(path, "format=csv").text.lstrip("\ufeff"))))
        assert len(rows) - 1 == len(SEEN[who]) and kinds_in(str(rows)) == SEEN[who]
    units = client.get("/units", "format=csv").text
    assert kinds_in(units) == SEEN[who]
    for kind, (unit, _, _) in DOCS.items():
        timeline = client.get(f"/units/{unit}", "format=csv").text
        assert kinds_in(timeline) == ({kind} if kind in SEEN[who] else set())
        sheet = read_xlsx(client.get(f"/units/{unit}", "format=xlsx").body)
        assert kinds_in(str(sheet.rows)) == ({kind} if kind in SEEN[who] else set())
        for path in (f"/units/{unit}/commitments", f"/api/units/{unit}/commitments"):
            card = read_xlsx(client.get(path, "format=xlsx").body)
            assert len(card.rows) - 1 == (1 if kind in SEEN[who] else 0)
            report = docx_text(client.get(path, "format=docx").body)
            if kind in SEEN[who]:
                assert kinds_in(report) == {kind}
            else:  # the report of a unit the archive never heard of, but for the name asked for
                unknown = docx_text(client.get(path.replace(unit, "不存在街道"), "format=docx").body)
                assert _neutral(report, unit) == _neutral(unknown, "不存在街道")
    for path in ("/", "/api/search"):
        sheet = read_xlsx(client.get(path, "format=xlsx").body)
        assert len(sheet.rows) - 1 == len(SEEN[who]) and kinds_in(str(sheet.rows)) == SEEN[who]
        assert hidden_ids(site, who) & ids_in(str(sheet.links)) == set()
    assert kinds_in(str(read_xlsx(client.get("/units", "format=xlsx").body).rows)) == SEEN[who]


def docx_text(body: bytes) -> str:
    report = Document(io.BytesIO(body))
    cells = [cell.text for table in report.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in report.paragraphs] + cells)


def hidden_ids(site, who: str) -> set[str]:
    _, ids, _ = site
    return {article_id for kind, article_id in ids.items() if kind not in SEEN[who]}


def ids_in(text: str) -> set[str]:
    return set(re.findall(r"[0-9a-f]{16}-\d+-\d+", text))


@pytest.mark.parametrize("who", VIEWERS)
def test_the_feed(site, clients, who):
    feed = ET.fromstring(clients[who].get("/feed.atom").body)
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(SEEN[who])
    assert kinds_in(ET.tostring(feed, encoding="unicode")) == SEEN[who]
    shown = clients[who].get("/feed")  # the feed's page for people lists what the feed holds
    assert shown.status == 200 and kinds_in(shown.text.split("<h2>", 1)[1]) == SEEN[who]


@pytest.mark.parametrize("who", VIEWERS)
def test_a_hidden_document_is_not_there_on_any_page(site, clients, who):
    _, ids, _ = site
    client = clients[who]
    for kind, article_id in ids.items():
        visible = kind in SEEN[who]
        for path in (
            f"/article/{article_id}",
            f"/api/articles/{article_id}",
            f"/source/{article_id}",
            f"/original/{article_id}",
        ):
            answer = client.get(path)
            assert answer.status == (200 if visible else 404), (path, answer.status)
            if not visible:
                assert not kinds_in(answer.text)
                unknown = client.get(path.replace(article_id, "0" * len(article_id)))
                assert (unknown.status, _without_id(unknown.text)) == (
                    answer.status,
                    _without_id(answer.text),
                )
        image = client.get(f"/original/{article_id}/page/1.png")
        assert image.status == 404  # text files have no page images; a hidden PDF's answer is the same
        if visible:
            page = client.get(f"/api/articles/{article_id}").json()
            assert kinds_in(str(page["issue_articles"]) + str(page["more_like_this"])) <= SEEN[who]


def _neutral(text: str, name: str) -> str:
    """A page about ``name`` with the name (as written, and as a URL writes it) taken out."""
    return text.replace(quote(name), "X").replace(name, "X")


def _without_id(text: str) -> str:
    return re.sub(r"[0-9a-f]{16}-\d+-\d+|0{10,}", "ID", text)


@pytest.mark.parametrize("who", VIEWERS)
def test_the_audit_page_is_for_auditors_and_admins(site, clients, who):
    answer = clients[who].get("/admin/audit")
    assert answer.status == (200 if who in ("auditor", "admin") else 404)
    if answer.status == 200:
        assert "登录" in answer.text
    as_file = clients[who].get("/admin/audit", "action=login&format=xlsx")
    assert as_file.status == answer.status
    if as_file.status == 200:
        sheet = read_xlsx(as_file.body)
        assert sheet.rows[0][:3] == ["时间", "账号", "操作"] and set(sheet.column("操作")) == {"登录"}
        assert re.fullmatch(
            r"审计日志-登录-\d{4}-\d{2}-\d{2}\.xlsx",
            unquote(as_file.header("Content-Disposition").split("''")[1]),
        )


def test_personal_tokens_see_as_their_account(site):
    app, _, gate = site
    store = gate.store
    with store.writer(wait_seconds=10) as writer, store.catalog(writing=True) as catalog:
        token = Accounts(catalog).new_token("reader")
        writer.commit()
        catalog.commit()
    api = Client(app, headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/search").json()["total"] == len(SEEN["reader"])
    bad = Client(app, headers={"Authorization": "Bearer not-a-token"})
    answer = bad.get("/api/search")
    assert answer.status == 401 and "令牌" in answer.json()["error"]


def test_the_openapi_document_is_everyones(clients):
    for who in VIEWERS:
        assert clients[who].get("/api/openapi.json").status == 200


def test_the_audit_log_records_who_asked_what(site, clients):
    _, ids, gate = site
    clients["reader"].get("/api/search", "q=清淤")
    clients["reader"].get("/", "format=csv")
    clients["reader"].get("/statements", "format=xlsx")
    clients["reader"].get("/api/statements", "format=docx")
    clients["reader"].get(f"/source/{ids['public']}")
    clients["reader"].get(f"/article/{ids['secret']}")  # refused as unknown, and recorded
    gate.writer.flush()
    with gate.store.catalog() as catalog:
        from indexer.store import audit
        from indexer.store.catalog import AuditQuery

        events = audit.events(catalog, AuditQuery(actor="reader"))
    searched = next(e for e in events if e.action == "search" and e.query == "q=清淤")
    assert searched.rows == 1
    exported = next(e for e in events if e.action == "export" and e.query == "format=csv")
    assert exported.rows == len(SEEN["reader"])
    for wanted in ("format=xlsx", "format=docx"):  # an Excel or a Word file is an export, its rows counted
        as_file = next(e for e in events if e.action == "export" and e.query == wanted)
        assert as_file.rows == len(SEEN["reader"])
    assert any(e.action == "login" for e in events)
    assert any(e.action == "download" and e.target == ids["public"] for e in events)
    assert any(e.action == "view" and e.target == ids["secret"] and e.detail == "HTTP 404" for e in events)
