"""Official documents (公文) written for the tests: one of several kinds, numbering, citing and
forwarding one another, their numbers written in the spellings documents use (〔〕, [], （）, 【】,
full-width digits, 第N号). Nothing here is copied from a real document.

``SAMPLES`` maps a file name to (text, kind, own number or None, the numbers it cites).
"""

from __future__ import annotations

from pathlib import Path

ROAD = "聊政办发〔2021〕5号"  # the notice the others cite
REQUEST_NUMBER = "东政发〔2021〕15号"

ROAD_NOTICE = """聊城市人民政府办公室文件
聊政办发〔2021〕5号
聊城市人民政府办公室关于开展城区道路综合整治的通知
各县（市、区）人民政府，市属开发区管委会，市政府各部门：
为改善城区通行环境，经市政府同意，决定在全市开展城区道路综合整治。各县（市、区）要于2021年6月底前完成主次干道破损路面修补，9月底前完成背街小巷整治。
特此通知。
聊城市人民政府办公室
2021年3月10日
抄送：市委办公室，市人大常委会办公室。
聊城市人民政府办公室　　　　2021年3月11日印发
"""

ROAD_PLAN = """聊城市住房和城乡建设局文件
聊建发[2021]12号
关于印发城区道路综合整治实施方案的通知
各县（市、区）住房城乡建设局，局属各单位：
根据聊政办发（2021）5号文件要求，我局制定了《城区道路综合整治实施方案》，现印发给你们，请认真组织实施。各单位要于2021年4月15日前报送整治台账。
附件：城区道路综合整治实施方案
聊城市住房和城乡建设局
2021年3月20日
"""

FORWARDED = """聊城市东昌府区人民政府办公室文件
东政办发〔2021〕8号
关于转发市政府办公室关于开展城区道路综合整治的通知的通知
各镇人民政府、街道办事处，区政府各部门：
现将《聊城市人民政府办公室关于开展城区道路综合整治的通知》（聊政办发〔２０２１〕５号）转发给你们，请结合实际认真贯彻落实，于2021年5月底前完成辖区摸排。
聊城市东昌府区人民政府办公室
2021年3月25日
"""

CIRCULAR = """聊城市人民政府办公室
聊政办字【2021】第21号
聊城市人民政府办公室关于城区道路综合整治进展情况的通报
各县（市、区）人民政府，市属开发区管委会：
按照聊政办发【2021】第5号通知部署，各地积极推进城区道路综合整治。截至6月底，东昌府区完成破损路面修补一万二千平方米，进度较快；度假区进度滞后，须于7月底前补齐短板。
聊城市人民政府办公室
2021年7月5日
"""

REQUEST = """秘密★1年
特急
聊城市东昌府区人民政府文件
东政发〔2021〕15号　　　　签发人：孙立平
关于申请城区道路整治补助资金的请示
聊城市人民政府：
为落实城区道路综合整治任务，我区拟改造背街小巷四十二条，预算资金一千一百万元，区级财政已安排六百万元，尚有缺口五百万元，恳请市政府予以补助。
妥否，请批示。
聊城市东昌府区人民政府
2021年4月2日
"""

REPLY = """聊城市人民政府文件
聊政字〔2021〕30号
聊城市人民政府关于东昌府区城区道路整治补助资金的批复
东昌府区人民政府：
你区《关于申请城区道路整治补助资金的请示》（东政发〔2021〕15号）收悉。经研究，同意安排补助资金三百万元，专项用于背街小巷改造，请于2021年11月底前完成。
此复。
聊城市人民政府
2021年4月20日
"""

LETTER = """聊城市财政局
聊财函〔2021〕17号
聊城市财政局关于拨付城区道路整治补助资金的函
东昌府区财政局：
根据《聊城市人民政府关于东昌府区城区道路整治补助资金的批复》（聊政字〔2021〕30号），现将补助资金三百万元拨付你局，请按规定及时拨付到项目单位。
聊城市财政局
2021年4月28日
"""

MINUTES = """聊城市人民政府
常务会议纪要
第9期
聊城市人民政府办公室　　　　2021年5月6日
2021年5月4日，市长主持召开市政府第9次常务会议，听取城区道路综合整治进展情况汇报。会议要求，各县（市、区）严格落实聊政办发〔2021〕5号文件部署，于2021年9月底前全面完成整治任务。
分送：市委办公室，市人大常委会办公室，各县（市、区）人民政府。
"""

BRIEFING = """聊城市城区道路整治工作简报
第3期
聊城市城区道路综合整治指挥部办公室　　2021年6月8日
- 东昌府区推进背街小巷整治
- 高新区开展道路巡查

东昌府区推进背街小巷整治
6月5日，东昌府区召开背街小巷整治推进会，按照聊政办发〔2021〕5号文件部署，力争7月底前完成二十条背街小巷改造。

高新区开展道路巡查
6月6日，高新区组织城管队员对主次干道开展巡查，发现并督促整改破损路面十余处。
"""

SAMPLES: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "road_notice.txt": (ROAD_NOTICE, "notice", ROAD, ()),
    "road_plan.txt": (ROAD_PLAN, "notice", "聊建发〔2021〕12号", (ROAD,)),
    "forwarded.txt": (FORWARDED, "notice", "东政办发〔2021〕8号", (ROAD,)),
    "circular.txt": (CIRCULAR, "circular", "聊政办字〔2021〕21号", (ROAD,)),
    "request.txt": (REQUEST, "request", REQUEST_NUMBER, ()),
    "reply.txt": (REPLY, "reply", "聊政字〔2021〕30号", (REQUEST_NUMBER,)),
    "letter.txt": (LETTER, "letter", "聊财函〔2021〕17号", ("聊政字〔2021〕30号",)),
    "minutes.txt": (MINUTES, "minutes", None, (ROAD,)),
    "briefing.txt": (BRIEFING, "briefing", None, (ROAD,)),
}


def write_samples(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, _, _, _) in SAMPLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
