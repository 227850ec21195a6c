"""Web pages of sites nobody tuned for: the article, its title and date, and none of the site.

Each page here is composed for this test in the manner of a class of real sites (a county
portal set in tables, a news site, a small organisation's site whose article is shorter than
its frame, a 政务公开 page of a legal text, a page without any <title>). Every class of chrome
(data/html_chrome.txt) and every title and date rule is met at least once; the pages go through
the whole pipeline (extract, clean, parse) from a real file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.extract import html_chrome
from indexer.run.ingest import ingest

NOTICE = [
    "为切实做好今冬明春安全生产工作，有效防范和坚决遏制各类生产安全事故，经县政府同意，现将有关事项通知如下。",
    "一、全面排查整治风险隐患",
    "各乡镇、各有关部门要在11月30日前完成一轮全覆盖的隐患排查，建立问题清单，逐项整改销号。",
    "二、压紧压实安全责任",
    "各行业主管部门要按照管行业必须管安全的要求，督促企业落实主体责任，对整改不力的依法严肃查处。",
    "三、加强应急值守",
    "严格执行领导带班和24小时值班制度，遇有突发情况及时报告，不得迟报、漏报、瞒报。",
]
SIGNATURE = ["某某县人民政府办公室", "2023年10月16日"]


def portal_page() -> str:
    """A county portal set in tables: 政务公开 table above the title, toolbar, host footer."""
    related = "".join(
        f"<tr><td><a href='/zw/{i}.html'>某某县召开第{i}次安全生产工作会议</a></td><td>2023-0{i}-12</td></tr>"
        for i in range(1, 7)
    )
    body = "".join(f"<p>{p}</p>" for p in NOTICE + SIGNATURE)
    return f"""<html><head><meta charset="utf-8">
<title>关于做好今冬明春安全生产工作的通知_某某县人民政府</title>
<meta name="ArticleTitle" content="关于做好今冬明春安全生产工作的通知">
<meta name="PubDate" content="2023-11-02 09:30">
</head><body>
<table width="1000"><tr><td>今天是：2023年11月20日 星期一</td>
<td><a href="#">设为首页</a> | <a href="#">添加收藏夹</a></td></tr>
<tr><td colspan="2"><a href="/">首页</a> <a href="/zw/">政务公开</a> <a href="/bs/">办事服务</a>
<a href="/hd/">互动交流</a> <a href="/zj/">走进某某</a></td></tr></table>
<table width="1000"><tr><td>您当前所在位置：<a href="/">首页</a> &gt; <a href="/zw/">政务公开</a> &gt; 通知公告</td></tr></table>
<table width="1000" class="xxgk">
<tr><td>索 引 号：</td><td>000000000/2023-00123</td><td>发布机构：</td><td>某某县人民政府办公室</td></tr>
<tr><td>发文日期：</td><td>2023-10-16</td><td>生成日期：</td><td>2023-10-17</td></tr>
</table>
<table width="1000"><tr><td align="center"><h1>关于做好今冬明春安全生产工作的通知</h1></td></tr>
<tr><td align="center">【字体：大 中 小】【打印】【关闭】</td></tr>
<tr><td id="zoom">{body}</td></tr></table>
<table width="1000"><tr><td colspan="2">关联稿件：</td></tr>{related}</table>
<table width="1000"><tr><td align="center">
<p>主办单位：某某县人民政府办公室 承办单位：某某县政务服务数据管理局</p>
<p>地址：某某县人民路1号 邮编：330000 联系电话：0795-0000000</p>
<p>网站标识码：3609000000 赣ICP备05000000号 赣公网安备36092202000000号</p>
</td></tr></table></body></html>"""


REPORT = [
    "5月12日，市统计局发布数据显示，前4个月全市规模以上工业增加值同比增长6.8%，增速比一季度加快0.6个百分点。",
    "从三大门类看，制造业增加值增长7.2%，电力、热力、燃气及水生产和供应业增长5.1%。",
    "新动能加快成长",
    "高技术制造业增加值增长12.4%，占规模以上工业的比重为18.3%，比上年同期提高1.1个百分点。",
    "消费市场稳步恢复",
    "社会消费品零售总额达到1256.8亿元，同比增长5.9%，其中网上零售额增长11.2%。",
    "市统计局有关负责人表示，下一步将密切跟踪经济运行态势，为市委、市政府科学决策提供统计支撑。",
]


def news_page() -> str:
    """A news site: share bar, sub-headed report with a table, editor credits, disclaimer,
    related list, pager, comment thread, feedback dialog, a promo glued to the last line."""
    paragraphs = [f"<p><strong>{p}</strong></p>" if len(p) < 12 else f"<p>{p}</p>" for p in REPORT[:-1]]
    table = (
        "<table><tr><th>指标</th><th>4月</th><th>1-4月</th></tr>"
        "<tr><td>规模以上工业增加值</td><td>7.1%</td><td>6.8%</td></tr>"
        "<tr><td>社会消费品零售总额</td><td>6.2%</td><td>5.9%</td></tr></table>"
    )
    related = "".join(
        f"<li><a href='/n/{i}.html'>一季度全市经济运行情况发布第{i}篇</a> 2024-04-1{i}</li>" for i in range(6)
    )
    comments = "".join(
        f"<div class='cmt'><p>网友{i}：数据很鼓舞人心，希望继续保持这样的好势头，为家乡点赞！</p><span>2小时前</span></div>"
        for i in range(8)
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>前4个月全市规模以上工业增加值增长6.8%_经济频道_某某新闻网</title>
<meta property="og:title" content="前4个月全市规模以上工业增加值增长6.8%">
<meta property="article:published_time" content="2024-05-14T02:00:00+08:00">
</head><body>
<div class="top"><a href="/">首页</a> <a href="/jj/">经济</a> <a href="/sh/">社会</a> <a href="/ty/">体育</a></div>
<div class="main"><h1>前4个月全市规模以上工业增加值增长6.8%</h1>
<div class="info">发稿时间：2024-05-13 08:30:00 | 来源：某某日报 | 字号：大 中 小</div>
<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>
<div class="share-tip"><p>点击右上角微信好友</p><p>朋友圈</p><p>请使用浏览器分享功能进行分享</p></div>
<div class="content">{"".join(paragraphs)}{table}
<p>{REPORT[-1]}（本文来自某某新闻，更多精彩资讯请下载“某某新闻”APP）</p>
<p>【编辑：王小明】</p><p>责编：李四</p>
<p>【免责声明】本文仅代表作者本人观点，与本网无关。本网对文中陈述、观点判断保持中立，请读者仅作参考。</p>
</div>
<div class="pages">首页 | 上一页 1 2 下一页 | 尾页</div>
<div class="feedback">感谢您的反馈，我们将会减少此类文章的推荐</div>
<div class="rel"><h3>相关阅读</h3><ul>{related}</ul></div>
<div class="comment"><h3>网友评论</h3>{comments}</div>
</div></body></html>"""


BRIEF = [
    "5月20日上午，我院在门诊楼前开展“世界家庭医生日”义诊活动，二十余名专家为群众提供咨询服务。",
    "活动共接待群众300余人次，发放健康宣传资料500余份。",
]


def small_site_page() -> str:
    """A small organisation's site: the article is shorter than its frame, the <title> carries a
    channel name the page shows as a menu entry, and the footer lists contacts and numbers."""
    menu = "".join(
        f"<li><a href='/{i}/'>{n}</a></li>"
        for i, n in enumerate(["医院概况", "医院新闻", "科室导航", "专家介绍", "就医指南", "健康科普"])
    )
    return f"""<html><head><meta charset="gb2312"><title>我院开展世界家庭医生日义诊活动-医院新闻</title></head>
<body><div id="head"><div class="logo">某某市中医院</div><a href="#">添加收藏夹</a>
<ul class="menu">{menu}</ul></div>
<div id="box"><div class="position">现在位置：<a href="/">首页</a> &gt; <a href="/1/">医院新闻</a></div>
<div class="con"><div class="tit">我院开展世界家庭医生日义诊活动</div>
<div class="time">发布时间：2016-05-23 浏览次数：128</div>
<div class="text">{"".join(f"<p>{p}</p>" for p in BRIEF)}</div></div>
<div class="xg"><a href="/1/9.html">我院召开2016年度工作会议</a> 2016-05-20</div></div>
<div id="foot"><p>主办单位：某某市中医院 地址：某某市某某路88号 邮编：123456</p>
<p>24小时急救电话：0000-1234567</p><p>某ICP备12345678号</p></div></body></html>"""


DECISION = [
    "（2016年11月7日第十二届全国人民代表大会常务委员会第二十四次会议通过）",
    "第十二届全国人民代表大会常务委员会第二十四次会议决定对某某法作如下修改：",
    "一、将第十条修改为：“国家建立健全监督管理制度，依法保障公民、法人和其他组织的合法权益。”",
    "二、删去第二十五条第二款。",
    "本决定自公布之日起施行。",
]


def legal_text_page() -> str:
    """A central portal's page of a legal text: the body one block of <br>-separated text in a
    container named like a comment box, a long related list beside it."""
    related = "".join(
        f"<li><a href='/zc/{i}.htm'>国务院关于印发第{i}批某某目录的通知</a></li>" for i in range(20)
    )
    return f"""<html><head><meta charset="utf-8">
<title>全国人民代表大会常务委员会关于修改某某法的决定_法律法规_中国政府网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/fl/">法律法规</a> <a href="/zc/">政策</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/fl/">法律法规</a></div>
<div class="article"><h1>全国人民代表大会常务委员会关于修改某某法的决定</h1>
<div class="pages-date">2016-11-07 11:20 来源：新华社 【打印】【关闭】</div>
<div id="comment_content">{"<br>".join(DECISION)}</div></div>
<div class="side"><h3>相关文章</h3><ul>{related}</ul></div>
<div class="footer">版权所有：中国政府网 | 网站标识码bm01000001 | 京ICP备05070218号</div></body></html>"""


def untitled_page() -> str:
    """No <title> and no meta: a photo's caption stands first; the article's heading follows."""
    return """<html><body>
<div class="pic"><img src="a.jpg"><h3>大会主会场</h3></div>
<h2>全县乡村振兴工作推进会召开</h2><p class="date">2022年3月8日</p>
<p>3月7日，全县乡村振兴工作推进会召开，会议总结去年工作，部署今年重点任务。</p>
<p>会议要求，各乡镇要抓好产业发展，确保全年农民人均可支配收入增长7%以上。</p>
</body></html>"""


def read(tmp_path: Path, name: str, page: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(page.encode(encoding))
    result = ingest(str(path))
    assert result.error is None, result.error
    return result.documents


def everything(documents) -> str:
    return "\n".join(
        [d.headline or "" for d in documents]
        + [a.title + "\n" + a.text for d in documents for a in d.articles]
    )


def assert_no_chrome(text: str, *chrome: str) -> None:
    for piece in chrome:
        assert piece not in text, piece


def test_portal_page_set_in_tables(tmp_path):
    (doc,) = read(tmp_path, "notice.html", portal_page())
    (article,) = doc.articles  # numbered items are no article breaks
    assert article.title == "关于做好今冬明春安全生产工作的通知"
    assert doc.date == "2023-10-16"  # the visible 发文日期, not PubDate, not today's header date
    for paragraph in NOTICE + SIGNATURE:
        assert paragraph in article.text, paragraph
    assert_no_chrome(
        everything([doc]),
        "今天是",
        "设为首页",
        "添加收藏夹",
        "当前所在位置",
        "索引号",
        "字体",
        "打印",
        "关联稿件",
        "第3次安全生产工作会议",
        "主办单位",
        "承办单位",
        "地址",
        "联系电话",
        "网站标识码",
        "ICP",
        "公网安备",
    )


def test_news_page_keeps_one_article_and_sheds_its_site(tmp_path):
    (doc,) = read(tmp_path, "news.html", news_page())
    (article,) = doc.articles  # sub-headings and a table inside it are no article breaks
    assert article.title == "前4个月全市规模以上工业增加值增长6.8%"
    assert doc.date == "2024-05-13"  # the 发稿时间 line beside the title, not the meta's UTC day after
    text = everything([doc])
    for paragraph in REPORT:
        assert paragraph in text, paragraph
    assert "规模以上工业增加值7.1% 6.8%" in text  # a data row stays one line
    assert_no_chrome(
        text,
        "分享到",
        "点击右上角",
        "朋友圈",
        "浏览器分享",
        "字号",
        "编辑：王小明",
        "责编",
        "免责声明",
        "下载",
        "上一页",
        "感谢您的反馈",
        "相关阅读",
        "经济运行情况发布",
        "网友评论",
        "为家乡点赞",
    )


def test_short_article_on_a_small_site(tmp_path):
    (doc,) = read(tmp_path, "hospital.html", small_site_page(), "gbk")
    (article,) = doc.articles
    assert article.title == "我院开展世界家庭医生日义诊活动"  # the channel name the menu shows is cut
    assert doc.date == "2016-05-23"
    for paragraph in BRIEF:
        assert paragraph in article.text, paragraph
    assert_no_chrome(
        everything([doc]),
        "现在位置",
        "添加收藏夹",
        "医院概况",
        "浏览次数",
        "主办单位",
        "地址",
        "急救电话",
        "ICP",
        "2016年度工作会议",
    )


def test_legal_text_in_a_container_named_like_a_comment_box(tmp_path):
    (doc,) = read(tmp_path, "decision.html", legal_text_page())
    (article,) = doc.articles
    assert article.title == "全国人民代表大会常务委员会关于修改某某法的决定"
    assert doc.date == "2016-11-07"
    for paragraph in DECISION:
        assert paragraph in article.text, paragraph
    assert_no_chrome(everything([doc]), "当前位置", "打印", "相关文章", "第3批", "网站标识码", "ICP")


def test_a_date_the_body_labels_is_no_publication_date():
    from lxml import html as lxml_html

    from indexer.extract.html_meta import page_meta

    page = (
        "<html><head><title>关于召开防汛工作会议的通知_某某县水利局</title></head><body>"
        "<h1>关于召开防汛工作会议的通知</h1><p>各乡镇：</p><p>一、会议时间：2024年6月1日上午9时</p>"
        "<p>二、会议地点：县政府三楼会议室</p><p>请各单位准时参加。</p>"
        "<p>某某县水利局</p><p>发布日期：2024-05-20</p></body></html>"
    )
    assert page_meta(lxml_html.document_fromstring(page))["date"] == "2024-05-20"


def test_a_caption_is_no_title(tmp_path):
    (doc,) = read(tmp_path, "untitled.html", untitled_page())
    assert doc.articles[0].title == "全县乡村振兴工作推进会召开"
    assert doc.date == "2022-03-08"


def test_site_name_is_found_by_comparing_with_the_page():
    from lxml import html as lxml_html

    from indexer.extract.html_meta import choose_title

    def title_of(head: str, body: str) -> str | None:
        return choose_title(
            lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
        )[0]

    menu = "<ul><li><a href='/jj/'>纪检</a></li><li><a href='/dj/'>党建</a></li></ul>"
    assert title_of("<title>中华人民共和国监察法-纪检</title>", menu) == "中华人民共和国监察法"
    # a part of the title the page does not show elsewhere stays
    assert title_of("<title>中华人民共和国监察法-全文</title>", menu) == "中华人民共和国监察法-全文"
    # the part of the <title> the page shows on a line of its own (a <td>, not a heading)
    assert (
        title_of(
            "<title>某某区开展消防演练-区应急局</title>",
            "<table><tr><td>某某区开展消防演练</td></tr></table>",
        )
        == "某某区开展消防演练"
    )
    # a <title> naming only the site: the page's highest heading that is no caption, link or site name
    assert (
        title_of(
            "<title>某某大学新闻网</title>",
            "<h1><a href='/'>某某大学新闻网</a></h1><div class='photo'><h2>大会主会场</h2></div>"
            "<h2>学校召开第三次党代会</h2><h3><a href='/x'>相关新闻标题</a></h3>",
        )
        == "学校召开第三次党代会"
    )
    # an article's heading beside its picture is no caption
    assert (
        title_of(
            "",
            "<div class='article'><h1>全县乡村振兴工作推进会召开</h1><img src='a.jpg'>"
            "<p>3月7日，全县乡村振兴工作推进会召开，会议部署今年重点任务。</p></div>",
        )
        == "全县乡村振兴工作推进会召开"
    )
    # a section heading the <title> mentions is no title
    assert (
        title_of("<title>我市举办秋季招聘会_新闻中心_某某网</title>", "<h2>新闻中心</h2><p>正文。</p>")
        == "我市举办秋季招聘会"
    )
    # the heading the <title> names, compared without punctuation ("——" against "-")
    assert (
        title_of(
            "<title>积极因素不断增多-前4个月外贸向好态势进一步巩固-某某头条</title>",
            "<h2 class='title'>头条热榜</h2><h1>积极因素不断增多——前4个月外贸向好态势进一步巩固</h1>",
        )
        == "积极因素不断增多——前4个月外贸向好态势进一步巩固"
    )


BRIEFING_PAGE = """<html><head><meta charset="utf-8"><title>创城工作简报（第5期）_某某市文明办</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/jb/">工作简报</a></div>
<div class="content">
<p>某某市创建全国文明城市工作简报</p><p>第5期</p><p>某某市创城办 2021年6月10日</p>
<p>- 东城街道开展背街小巷环境整治</p><p>- 市交巡警支队推进文明交通劝导</p>
<p>东城街道开展背街小巷环境整治</p>
<p>6月8日，东城街道组织机关干部和志愿者对辖区背街小巷开展集中整治，清理卫生死角30余处。</p>
<p>市交巡警支队推进文明交通劝导</p>
<p>6月9日，市交巡警支队在主要路口设立文明劝导岗，劝导不文明交通行为200余起。</p>
</div><div class="foot">版权所有：某某市文明办</div></body></html>"""


def test_briefing_issue_saved_as_a_page_keeps_its_articles(tmp_path):
    (doc,) = read(tmp_path, "brief.html", BRIEFING_PAGE)
    assert doc.kind == "briefing" and doc.issue_number == 5
    assert [a.title for a in doc.articles] == ["东城街道开展背街小巷环境整治", "市交巡警支队推进文明交通劝导"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("您当前所在位置：首页 > 政务公开", "breadcrumb"),
        ("现在位置：", "breadcrumb"),
        ("首页 > 新闻中心 > 本地新闻", "breadcrumb"),
        ("【字体：大 中 小】【打印】【关闭】", "toolbar"),
        ("字号：大 中 小", "toolbar"),
        ("添加收藏夹", "toolbar"),
        ("分享到：", "toolbar"),
        ("责任编辑：赵六", "editor"),
        ("[责编：钱七]", "editor"),
        ("主办单位：某某市人民政府办公室", "host"),
        ("苏ICP备19000001号-2", "host"),
        ("京公网安备 11010502000001号", "host"),
        ("网站标识码：3201000001", "host"),
        ("Copyright © 2024 某某网 All Rights Reserved", "host"),
        ("【免责声明】本文仅代表作者本人观点，与本网无关。本网对文中陈述保持中立。", "disclaimer"),
        ("首页 | 上一页 1 2 3 下一页 | 尾页", "pager"),
        ("上一篇：某某县召开安全生产工作会议", "pager"),
        ("感谢您的反馈，我们将会减少此类文章的推荐", "feedback"),
        ("关键词：安全生产", "tags"),
        ("“特别声明：以上内容为某某号用户上传并发布，本平台仅提供信息存储空间服务。", "disclaimer"),
        ("Notice: The content above is uploaded by users of this platform.", "disclaimer"),
        ("编辑周某某｜排版王某", "credits"),
        ("已显示全部内容", "promo"),
        ("某某会议召开2019-09-06 07:30某某工作推进2019-09-05 16:41", "datedlist"),
        ("今天是：2023年11月20日 星期一", "today"),
        ("索 引 号：000000000/2023-00123 发布机构：某某县人民政府办公室", "govinfo"),
        ("发布时间：2024-05-13 08:30 来源：某某日报", "pageinfo"),
    ],
)
def test_chrome_classes(line, kind):
    assert html_chrome.chrome_class(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "会议要求，各单位要认真落实安全生产责任制，确保不发生较大以上事故。",
        "市委书记在讲话中指出，要把群众满意作为检验工作的根本标准。",
        "编辑部收到读者来信后，第一时间联系有关部门核实情况。",
        "一、全面排查整治风险隐患",
        "某某县人民政府办公室",
        "2023年10月16日",
        "电话号码变更后，群众可通过12345热线反映诉求。",
    ],
)
def test_prose_and_headings_are_no_chrome(line):
    assert html_chrome.chrome_class(line) is None


def test_contact_lines_inside_an_article_stay():
    lines = [
        "活动期间，各景区门票半价，游客可提前预约。",
        "地址：某某区某某路1号",
        "电话：0000-1234567",
        "以上景区均可在线购票，具体以景区公告为准。",
        "地址：某某市某某路88号 邮编：123456",
    ]
    assert html_chrome.without_chrome(lines) == lines[:4]


def test_a_list_of_dated_headlines_ends_the_article_wherever_it_starts():
    body = ["这是第一段正文，介绍了会议的基本情况和主要内容。", "会议要求，各单位抓好落实。"]
    headlines = ["小编最近文章", "某某市召开安全生产会议2015-09-22某某县开展消防演练2015-08-11"]
    assert html_chrome.without_chrome([*body, *headlines, "另一条标题！"]) == body


def test_related_list_ends_the_article_only_after_its_first_half():
    body = ["这是第一段正文，介绍了会议的基本情况和主要内容。"] * 4
    assert html_chrome.without_chrome([*body, "相关阅读", "另一篇报道的标题"]) == body
    # a "相关链接：" near the top is a label inside the article, not its end, and a related
    # box between two of its paragraphs is passed over
    early = ["相关链接：", *body]
    assert html_chrome.without_chrome(early) == early
    boxed = [body[0], "相关阅读", "另一篇报道的标题", *body[1:]]
    assert html_chrome.without_chrome(boxed) == boxed


def test_chrome_file_names_a_mode_for_every_class():
    classes = html_chrome.chrome_classes()
    assert {c.mode for c in classes} <= set(html_chrome.MODES)
    assert all(c.patterns for c in classes)
    assert len({c.name for c in classes}) == len(classes)
    for c in classes:
        for pattern in c.patterns:
            assert not re.search(r"\)[*+]\)?[*+]|[*+]\)[*+]", pattern.pattern), pattern.pattern
