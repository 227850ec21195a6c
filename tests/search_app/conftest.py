"""A real index (the shared corpus plus a briefing holding markup) served by waitress on a free loopback port."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from indexer.engines import open_store
from tests.conftest import SHARED  # ../shared as the indexer records it: a link to it followed

# A briefing whose text holds markup: the pages must show it as text, never run it.
SCRIPT_BRIEFING = """

聊城市创建全国文明城市 工作简报

第 31 期

聊城市创建全国文明城市工作办公室

2021年6月15日

- 市城市管理局开展城区夜市集中整治行动
- 东昌府区召开背街小巷整治工作推进会

市城市管理局开展城区夜市集中整治行动

6月12日，市城市管理局组织执法人员对城区夜市开展集中整治。市城市管理局表示，将确保6月30日前完成全部12处夜市的规范提升。

东昌府区召开背街小巷整治工作推进会

6月13日，东昌府区召开背街小巷整治工作推进会。检查中发现一处宣传栏张贴有“<script>alert(1)</script>”字样的乱码海报，已当场清除。会议要求，各街道要立即行动，力争在7月底前完成35条背街小巷的整治任务。
"""

# A second briefing whose file name is Chinese (the download header must carry it).
CHINESE_NAMED = (
    "创城简报第32期.txt",
    SCRIPT_BRIEFING.replace("第 31 期", "第 32 期")
    .replace("2021年6月15日", "2021年7月1日")
    .replace("6月12日", "6月28日")
    .replace("乱码海报", "夜间施工噪声投诉")
    .replace("6月13日", "6月29日"),
)


class LiveServer:
    """make_app(index_dir) under waitress in a daemon thread."""

    def __init__(self, index_dir: Path, upload=None):
        self.server = self.create(index_dir, upload)
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.closing = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def create(self, index_dir: Path, upload):
        import waitress

        from search_app.web.app import make_app

        return waitress.create_server(
            make_app(open_store(index_dir), upload),
            host="127.0.0.1",
            port=0,
            threads=4,
            server_name="127.0.0.1",
        )

    def _run(self) -> None:
        try:
            self.server.run()
        except (OSError, ValueError):
            if not self.closing:  # closing the sockets under the loop ends it with EBADF
                raise

    def close(self) -> None:
        self.closing = True
        self.server.close()  # closes the sockets only: waitress's worker threads stay until shut down
        self.server.task_dispatcher.shutdown()  # their readers' database connections go with them
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def extra_sources(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("extra-sources")
    briefing = folder / "briefing_with_markup.txt"
    briefing.write_text(SCRIPT_BRIEFING, encoding="utf-8")
    chinese = folder / CHINESE_NAMED[0]
    chinese.write_text(CHINESE_NAMED[1], encoding="utf-8")
    return [briefing, chinese]


@pytest.fixture(scope="session")
def web_index(request, tmp_path_factory, extra_sources, search_engine) -> Path:
    """The real pipeline: extract → clean → parse → index, over the corpus and the extra briefing."""
    from indexer.run.batch import Options, run
    from tests.conftest import index_location

    engine = search_engine
    index_dir = index_location(request, tmp_path_factory, engine, f"web-index-{engine}")
    paths = [str(p) for p in sorted((SHARED / "corpus").glob("*.txt"))] + [str(p) for p in extra_sources]
    summary = run(paths, open_store(index_dir), Options(engine=engine))
    assert not summary.failed, summary.failed
    return index_dir


@pytest.fixture(scope="session")
def live_server(web_index):
    server = LiveServer(web_index)
    yield server
    server.close()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url
