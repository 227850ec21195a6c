"""extract(): format detection, text encodings, HTML, docx, and every bad input."""

from __future__ import annotations

import os
from pathlib import Path

import docx as python_docx
import pytest

from indexer.clean import clean_text
from indexer.engines import open_store
from indexer.extract import ExtractError, extract
from tests.conftest import SHARED

PDFS = SHARED / "corpus" / "pdf"
SAMPLE = "聊城市创建全国文明城市工作简报\n第27期\n5月8日，市委书记孙爱军在城区督导检查全国文明城市创建工作。"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- plain text and its encodings ------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"]
)
def test_text_encodings(tmp_path, encoding):
    extracted = extract(write(tmp_path, "brief.txt", SAMPLE.encode(encoding)))
    assert extracted.format == "txt"
    assert extracted.pages[0].text == SAMPLE
    assert extracted.pages[0].method == "text"


def test_utf16_without_bom_chinese_only(tmp_path):
    text = "聊城市创建全国文明城市工作简报"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert extract(write(tmp_path, "a.txt", text.encode(encoding))).pages[0].text == text


def test_markdown_and_form_feed_pages(tmp_path):
    extracted = extract(write(tmp_path, "notes.md", "# 标题\n第一页。\f第二页。".encode()))
    assert [p.text for p in extracted.pages] == ["# 标题\n第一页。", "第二页。"]
    assert [p.number for p in extracted.pages] == [1, 2]


def test_seed_text_files_read_as_txt():
    for path in (SHARED / "corpus").glob("*_*.txt"):
        extracted = extract(path)
        assert extracted.format == "txt" and "聊城" in extracted.pages[0].text


# --- HTML ---------------------------------------------------------------------------

ARTICLE_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>聊城市人民政府 - 新闻</title>
<meta property="og:title" content="孙爱军督导检查全国文明城市创建工作">
<meta property="article:published_time" content="2021-05-08T10:00:00+08:00">
<meta name="author" content="本报记者 杨淑君">
<meta name="description" content="市委书记孙爱军在城区督导检查创城工作">
<style>.x { color: red }</style>
<script>var tracking = "广告脚本文字";</script>
</head><body>
<header><div class="logo">聊城市人民政府门户网站</div></header>
<nav><a href="/">首页</a><a href="/news">新闻中心</a></nav>
<div class="ad-banner">点击领取优惠券</div>
<article>
  <h1>孙爱军督导检查全国文明城市创建工作</h1>
  <p class="byline">本报记者 杨淑君 <time datetime="2021-05-08">5月8日</time></p>
  <p>5月8日，市委书记孙爱军在城区督导检查全国文明城市创建工作。</p>
  <p>他强调，要始终坚持以人民为中心的发展思想，<br>把问题导向贯穿始终。</p>
  <div class="share">分享到微信</div>
</article>
<aside><h3>相关链接</h3><ul><li><a href="#">另一条新闻</a></li></ul></aside>
<div class="related">相关阅读：创城进行时</div>
<footer>版权所有 聊城市人民政府</footer>
</body></html>"""


def test_html_article_only(tmp_path):
    extracted = extract(write(tmp_path, "news.html", ARTICLE_PAGE.encode("utf-8")))
    assert extracted.format == "html"
    lines = extracted.pages[0].text.split("\n")
    assert lines[0] == "孙爱军督导检查全国文明城市创建工作"
    assert "5月8日，市委书记孙爱军在城区督导检查全国文明城市创建工作。" in lines
    assert "把问题导向贯穿始终。" in lines
    for chrome in ("首页", "优惠券", "广告脚本", "相关", "版权所有", "分享到微信", "门户网站", "color"):
        assert chrome not in extracted.pages[0].text, chrome
    assert extracted.meta["title"] == "孙爱军督导检查全国文明城市创建工作"
    assert extracted.meta["date"] == "2021-05-08"
    assert extracted.meta["byline"] == "本报记者 杨淑君"


def test_html_without_article_tag_finds_densest_block(tmp_path):
    page = """<html><head><meta charset="gbk"><title>工作简报</title></head><body>
    <div id="menu"><p>首页</p><p>机构设置</p></div>
    <div class="content-wrap"><h2>市审计局召开会议安排部署创城工作</h2>
      <p>3月3日，市审计局召开精神文明建设暨全国文明城市创建动员大会，传达贯彻全市会议精神。</p>
      <p>会议强调，全局党员干部要进一步将思想和行动统一到市委市政府决策部署上来。</p></div>
    <div class="footer"><p>主办单位：聊城市人民政府办公室</p></div></body></html>"""
    extracted = extract(write(tmp_path, "brief.htm", page.encode("gbk")))
    text = extracted.pages[0].text
    assert "会议强调" in text and "3月3日" in text
    assert "机构设置" not in text and "主办单位" not in text


def test_html_clean_output_one_paragraph_per_line(tmp_path):
    extracted = extract(write(tmp_path, "news.html", ARTICLE_PAGE.encode("utf-8")))
    cleaned = clean_text(extracted.pages[0].text)
    assert cleaned.split("\n")[0] == "孙爱军督导检查全国文明城市创建工作"


# --- docx -----------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    document = python_docx.Document()
    document.core_properties.title = "工作简报"
    document.add_heading("市交巡警支队向全市电动自行车驾驶人发出倡议书", level=1)
    document.add_paragraph("倡议书倡议：")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "单位"
    table.cell(0, 1).text = "任务"
    table.cell(1, 0).text = "市交巡警支队"
    table.cell(1, 1).text = "佩戴头盔"
    document.add_paragraph("共印 260 份")
    path = tmp_path / "brief.docx"
    document.save(path)
    extracted = extract(path)
    assert extracted.format == "docx"
    assert extracted.pages[0].text.split("\n") == [
        "市交巡警支队向全市电动自行车驾驶人发出倡议书",
        "倡议书倡议：",
        "单位",
        "任务",
        "市交巡警支队",
        "佩戴头盔",
        "共印 260 份",
    ]
    assert extracted.meta["title"] == "工作简报"


# --- bad inputs: always ExtractError with a reason ---------------------------------------


def assert_fails(path: Path, *words: str) -> ExtractError:
    with pytest.raises(ExtractError) as info:
        extract(path)
    error = info.value
    assert error.path == str(path)
    assert error.reason and any("\u4e00" <= c <= "\u9fff" for c in error.reason)  # Chinese first
    for word in words:
        assert word in error.reason
    return error


def test_zero_bytes(tmp_path):
    assert_fails(write(tmp_path, "empty.pdf", b""), "空")
    assert_fails(write(tmp_path, "empty.txt", b""), "空")


def test_random_bytes_named_pdf(tmp_path):
    assert_fails(write(tmp_path, "noise.pdf", os.urandom(4096)))


def test_random_bytes_named_txt(tmp_path):
    assert_fails(write(tmp_path, "noise.txt", bytes(range(256)) * 8))


def test_unknown_extension(tmp_path):
    assert_fails(write(tmp_path, "brief.xyz", SAMPLE.encode()), ".xyz")


def test_extension_and_content_disagree(tmp_path):
    assert_fails(write(tmp_path, "brief.pdf", SAMPLE.encode()), ".pdf")
    assert_fails(write(tmp_path, "brief.txt", (PDFS / "003-digital.pdf").read_bytes()), "PDF")
    assert_fails(write(tmp_path, "brief.docx", b"PK\x03\x04 not really a zip"))


def test_html_with_only_scripts(tmp_path):
    page = b"<html><head><script>var a = 1;</script></head><body><script>alert(1)</script><style>p{}</style></body></html>"
    assert_fails(write(tmp_path, "scripts.html", page))


def test_deeply_nested_html(tmp_path):
    empty = b"<html><body>" + b"<div>" * 10000 + b"</div>" * 10000 + b"</body></html>"
    assert_fails(write(tmp_path, "nested.html", empty), "没有正文")
    hostile = b"<html><body>" + b"<div>" * 30000 + "正文".encode() + b"</body></html>"
    assert_fails(write(tmp_path, "deeper.html", hostile), "嵌套")


def test_deeply_nested_html_with_text_is_read(tmp_path):
    page = (
        "<html><body>"
        + "<div>" * 10000
        + "<p>市审计局召开会议安排部署创城工作。</p>"
        + "</div>" * 10000
        + "</body></html>"
    ).encode()
    assert extract(write(tmp_path, "nested.html", page)).pages[0].text == "市审计局召开会议安排部署创城工作。"


def test_text_with_stray_bytes_and_mixed_encodings(tmp_path):
    data = (
        "市城管局开展环境卫生专项治理行动。".encode()
        + b"\xff\xfe\xc3"
        + "要求各街道立即排查。".encode("gb18030")
    )
    text = extract(write(tmp_path, "mixed.txt", data)).pages[0].text
    assert text.startswith("市城管局开展环境卫生专项治理行动。") and text.endswith("要求各街道立即排查。")


def test_missing_file_and_directory(tmp_path):
    assert_fails(tmp_path / "missing.pdf", "不存在")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert_fails(folder)


def test_whitespace_only_text(tmp_path):
    assert_fails(write(tmp_path, "blank.txt", b"  \n\n \t\n"), "没有")


def test_error_message_names_file_and_reason(tmp_path):
    error = assert_fails(write(tmp_path, "empty.pdf", b""))
    assert str(error).startswith(str(tmp_path / "empty.pdf"))


def test_extract_error_survives_pickling(tmp_path):
    import pickle

    error = assert_fails(write(tmp_path, "empty.pdf", b""))
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason) == (error.path, error.reason)


# --- hostile pages: bounded work ------------------------------------------------------------


def big_page(megabytes: int) -> bytes:
    """A real-looking article padded with thousands of link-list blocks and paragraphs."""
    chrome = "".join(f'<li><a href="/n/{i}.html">相关新闻标题第{i}条</a></li>' for i in range(40))
    paragraph = "<div><p>全县固定资产投资完成246.79亿元，同比增长15.3%，位列三县两区第一。</p></div>"
    block = f'<div class="list"><ul>{chrome}</ul></div>{paragraph * 20}'
    count = megabytes * 1024 * 1024 // len(block.encode())
    return (
        '<html><head><meta charset="utf-8"><title>德清县固定资产投资结构趋稳趋优_浙江省发改委</title></head>'
        "<body><h1>德清县固定资产投资结构趋稳趋优</h1><p>发布时间：2016-11-22</p>"
        + block * count
        + "<p>项目投资完成220.53亿元，占全部投资的89.4%。</p></body></html>"
    ).encode()


@pytest.mark.slow  # a minute of hostile pages, or the whole demo archive: for make test
def test_multi_megabyte_and_deeply_nested_pages_finish_inside_the_batch_bound(tmp_path):
    """Run through the batch with a per-file bound far below what quadratic work
    needs on such pages (issue 18: minutes); they must come out indexed and right."""
    from indexer.run.batch import Options, run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "big.html").write_bytes(big_page(4))
    deep = 15_000
    (inbox / "deep.html").write_bytes(
        (
            "<html><body>"
            + "<div>" * deep
            + "<p>市审计局召开会议安排部署创城工作，强调要提高思想认识。</p>"
            + "</div>" * deep
            + "</body></html>"
        ).encode()
    )
    index_dir = tmp_path / "index"
    summary = run([str(inbox)], open_store(index_dir), Options(timeout_seconds=60))
    assert summary.failed == [] and summary.new == 2
    big = extract(inbox / "big.html")
    assert big.meta["title"] == "德清县固定资产投资结构趋稳趋优"
    assert big.meta["date"] == "2016-11-22"
    text = big.pages[0].text
    assert "项目投资完成220.53亿元，占全部投资的89.4%。" in text
    assert "相关新闻标题" not in text  # link lists are navigation
    assert (
        extract(inbox / "deep.html").pages[0].text == "市审计局召开会议安排部署创城工作，强调要提高思想认识。"
    )
    catalog = open_store(index_dir).catalog()
    try:
        assert all(row.status == "indexed" for row in catalog.sources())
    finally:
        catalog.close()


# --- real site layouts (issue 17) -----------------------------------------------------------

PARAGRAPHS = [
    "10月31日，市政府召开常务会议，研究部署今冬明春安全生产工作，会议由市长主持。",
    "会议指出，2018年5月12日以来全市未发生较大以上安全事故，但形势依然严峻复杂，不容乐观。",
    "会议要求，各县区各部门要压紧压实责任，全面排查整治隐患，确保人民群众生命财产安全。",
    "会议还研究了其他事项，决定将有关方案提请市委常委会审议后印发实施。",
]


def site_page(body: str) -> bytes:
    return (
        "<html><head><meta charset='utf-8'><title>市政府召开常务会议部署安全生产工作_某某市人民政府门户网站</title></head><body>"
        "<div class='top'><a href='/'>首页</a> <a href='/zw'>政务公开</a> <a href='/hd'>互动交流</a></div>"
        "<div class='pic'><h2>图片新闻</h2><h3>市领导调研重点项目建设</h3></div>"
        "<div class='main'><h1>市政府召开常务会议部署安全生产工作</h1>"
        "<div class='info'><span>时间：2019年10月31日</span> <span>来源：市政府办公室</span>"
        " 字号：[ 大 中 小 ] [打印] [关闭]</div>"
        + body
        + "<div>扫一扫在手机打开当前页</div><p>责任编辑：王小明</p></div>"
        "<div class='foot'>版权所有：某某市人民政府 网站标识码1234</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "layout",
    [
        "".join(f"<div>{p}</div>" for p in PARAGRAPHS),
        "<div class='content'>" + "<br><br>".join(PARAGRAPHS) + "</div>",
        "<form id='form1'><div>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></form>",
    ],
    ids=["div-per-paragraph", "br-text", "inside-form"],
)
def test_site_layouts_give_title_date_and_every_paragraph(tmp_path, layout):
    extracted = extract(write(tmp_path, "page.html", site_page(layout)))
    assert extracted.meta["title"] == "市政府召开常务会议部署安全生产工作"
    assert extracted.meta["date"] == "2019-10-31"  # beside the title, not the body's 2018年5月12日
    text = extracted.pages[0].text
    for paragraph in PARAGRAPHS:
        assert paragraph in text, paragraph
    for chrome in ("字号", "打印", "扫一扫", "责任编辑", "图片新闻", "版权所有", "政务公开"):
        assert chrome not in text, chrome


def test_title_loses_the_site_name_only():
    from lxml import html as lxml_html

    from indexer.extract.html_meta import choose_title

    def title_of(head: str, body: str = "") -> str | None:
        return choose_title(
            lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
        )[0]

    assert title_of("<title>新年伊始，习近平的重要文章谈了啥？_中南海_澎湃新闻-The Paper</title>") == (
        "新年伊始，习近平的重要文章谈了啥？"
    )
    assert title_of("<title>交通运输部：着力打造京津冀区域综合立体交通网络-股票频道-和讯网</title>") == (
        "交通运输部：着力打造京津冀区域综合立体交通网络"
    )
    assert (
        title_of("<title>1-10月德清县固定资产投资结构趋稳趋优</title>")
        == "1-10月德清县固定资产投资结构趋稳趋优"
    )
    # a section heading that is not the page's title is passed over
    assert (
        title_of(
            "<title>山西品牌丝路行（南美站）正式启动 - 山西省人民政府门户网站</title>",
            "<h1>山西省人民政府网站</h1><h2>山西品牌丝路行（南美站）正式启动</h2>",
        )
        == "山西品牌丝路行（南美站）正式启动"
    )
