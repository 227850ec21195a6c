"""What a follow-up is (indexer.follow_ups), on sentences written for these tests, and how an index made
before follow-ups were stored gets them on its next run."""

from __future__ import annotations

from indexer.engines import open_store
from indexer.follow_ups import FOLLOW_UPS_VERSION, Kept, Matcher, keys_of_statement
from indexer.run.batch import Options, run

COMMITMENT = {
    "article_id": "a-0-0",
    "source_path": "/archive/a.txt",
    "seq": 0,
    "unit": "东昌府区",
    "date": "2021-03-01",
    "text": "东昌府区表示，将确保6月底前完成全部8座公厕的提升改造。",
    "targets": [{"text": "完成全部8座公厕的提升改造", "deadline": "6月底前", "due": "2021-06-30"}],
}


def article(
    text: str, *, date: str = "2021-07-02", unit: str = "东昌府区", article_id: str = "b-0-0"
) -> dict:
    return {
        "id": article_id,
        "title": "城区环境整治简讯",
        "text": text,
        "date": date,
        "units": [{"name": unit, "normalized": unit}],
        "access": "public",
    }


def matcher() -> Matcher:
    return Matcher(keys_of_statement(COMMITMENT))


def test_a_later_article_under_the_unit_naming_the_object_follows_it_up():
    (key,) = keys_of_statement(COMMITMENT)
    assert "公厕" in key.words and len(key.words) == 2 and not any(c.isdigit() for w in key.words for c in w)
    (found,) = matcher().follow_ups(
        article("截至6月底，东昌府区8座公厕提升改造已全部完成。"), "/archive/b.txt"
    )
    assert (found["article_id"], found["seq"], found["follow_id"]) == ("a-0-0", 0, "b-0-0")
    assert found["progress"] and "公厕" in found["evidence"] and found["access"] == "public"


def test_what_does_not_follow_it_up():
    report = "东昌府区8座公厕提升改造已全部完成。"
    assert matcher().follow_ups(article(report, date="2021-02-20"), "p") == []  # before the commitment
    assert matcher().follow_ups(article(report, date="2021-03-01"), "p") == []  # the same day
    assert matcher().follow_ups(article(report, unit="茌平区"), "p") == []  # another unit's
    assert matcher().follow_ups(article(report, article_id="a-0-0"), "p") == []  # its own article
    assert matcher().follow_ups(article("东昌府区新建公厕两座。"), "p") == []  # one object word only


def test_a_unit_below_the_commitments_follows_it_up_and_a_mention_ranks_after_a_report():
    below = article("古楼街道公厕提升改造正在推进。", unit="古楼街道")
    (found,) = matcher().follow_ups(below, "p")
    assert not found["progress"] and found["evidence"] == "古楼街道公厕提升改造正在推进。"


def test_no_key_without_a_unit_or_a_date():
    assert keys_of_statement({**COMMITMENT, "unit": None}) == []
    assert keys_of_statement({**COMMITMENT, "date": None}) == []


LATER = """聊城市创建全国文明城市 工作简报

第 40 期

聊城市创建全国文明城市工作办公室

2021年7月5日

东昌府区公厕提升改造全部完成

截至6月30日，东昌府区城市管理局负责的8座公厕提升改造已全部完成并投入使用。
"""

EARLIER = (
    LATER.replace("第 40 期", "第 30 期")
    .replace("2021年7月5日", "2021年3月2日")
    .replace(
        "东昌府区公厕提升改造全部完成\n\n截至6月30日，东昌府区城市管理局负责的8座公厕提升改造已全部完成并投入使用。",
        "东昌府区部署公厕提升改造\n\n3月1日，东昌府区召开会议。东昌府区城市管理局局长王强表示，将确保6月底前完成全部8座公厕的提升改造。",
    )
)


def test_an_index_made_before_follow_ups_were_stored_finds_them_on_its_next_run(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "earlier.txt").write_text(EARLIER, encoding="utf-8")
    (folder / "later.txt").write_text(LATER, encoding="utf-8")
    store = open_store(tmp_path / "index")
    run([str(folder)], store, Options())
    with store.catalog() as catalog:
        stored = catalog.follow_ups_of(
            [(r["article_id"], r["seq"]) for r in catalog.commitments()], "2099-12-31"
        )
        assert len(stored) == 1 and catalog.follow_ups_version() == FOLLOW_UPS_VERSION
    with store.writer(wait_seconds=10) as writer, store.catalog(writing=True) as catalog:
        catalog.drop_follow_ups()  # as an older release left it: no follow-ups, no version
        catalog.db.execute("DELETE FROM settings WHERE key = 'follow_ups'")
        catalog.db.execute("DELETE FROM dated_articles")
        writer.commit()
        catalog.commit()
    summary = run([str(folder)], store, Options())
    assert (summary.unchanged, summary.reparsed, summary.new) == (2, 0, 0)  # no file read or parsed again
    with store.catalog() as catalog:
        again = catalog.follow_ups_of(
            [(r["article_id"], r["seq"]) for r in catalog.commitments()], "2099-12-31"
        )
        assert again == stored and catalog.follow_ups_version() == FOLLOW_UPS_VERSION


def test_each_commitment_keeps_its_earliest_follow_ups_and_earliest_reports_per_token():
    reports = [
        article(
            f"第{n}次检查：东昌府区公厕提升改造{'已全部完成' if n % 4 == 0 else '正在推进'}。",
            date=f"2021-07-{n:02d}",
            article_id=f"r{n:02d}",
        )
        for n in range(1, 29)
    ]
    found = Kept()
    for report in reports:
        found.add(matcher().follow_ups(report, "p"))
        found.add(matcher().follow_ups({**report, "access": "secret"}, "q"))
    kept_rows = found.rows()
    public = sorted(r["follow_id"] for r in kept_rows if r["access"] == "public")
    assert public == ["r01", "r02", "r03", "r04", "r05", "r08", "r12", "r16", "r20"]  # 5 earliest + 5 reports
    assert len(kept_rows) == 2 * len(public) and found.commitments() == {("a-0-0", 0)}
