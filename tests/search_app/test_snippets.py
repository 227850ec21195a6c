from search_app.snippets import highlight_all, snippet


def test_mark_covers_the_whole_word_never_a_sub_word():
    assert "<mark>马克思</mark>" in snippet(
        "学习马克思主义理论", ["马克"]
    ) or "<mark>马克思主义</mark>" in snippet("学习马克思主义理论", ["马克"])
    assert "<mark>孙爱军</mark>" in snippet("市委书记孙爱军在城区督导", ["爱军"])


def test_snippet_escapes_text_around_marks():
    html = snippet("文件中有<script>alert(1)</script>和创城工作", ["创城"])
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>" in html


def test_long_text_gives_a_bounded_passage_around_the_match():
    text = "开头的话。" * 100 + "在新水河农贸市场检查工作。" + "结尾的话。" * 100
    html = snippet(text, ["农贸市场"], width=80)
    assert "农贸市场" in html and len(html) < 200 and html.startswith("…") and html.endswith("…")


def test_highlight_all_marks_every_occurrence():
    assert highlight_all("创城，再创城", ["创城"]).count("<mark>") == 2


def test_a_stored_layout_gives_the_words_jieba_gives():
    from indexer.lang import text

    body = "市委书记孙爱军到聊城市公安局交巡警支队调研。要求各网格做好文明养犬工作，王𠮷华参加。" * 3
    stored = text.layout(text.segments(body))
    for needle in ("爱军", "交巡警", "养犬", "𠮷华", "网格"):
        assert snippet(body, [needle], layout=stored) == snippet(body, [needle]), needle


def test_a_layout_that_does_not_tile_the_text_is_ignored():
    assert snippet("市委书记孙爱军在城区督导", ["爱军"], layout="!!") == snippet(
        "市委书记孙爱军在城区督导", ["爱军"]
    )


def test_a_passage_begins_after_a_full_stop_or_a_semicolon_near_the_match():
    for stop in "。；":
        text = "前文很长很长很长很长很长很长很长很长很长很长很长" + stop + "检查农贸市场的卫生状况并整改到位"
        assert snippet(text, ["农贸市场"], width=30).startswith("…检查<mark>"), stop


def test_the_passage_holding_most_of_the_words_wins_among_many_occurrences():
    """A word met 150 times and, far on, every word together: the window holding them all is shown,
    found without comparing each occurrence with every other."""
    filler = "".join(f"第{n:03d}段提到创城工作，内容照常推进。" for n in range(150))
    text = filler + "最后，文明城市创建与垃圾分类同步推进。" + "结尾说明。" * 40
    shown = snippet(text, ["创城", "垃圾分类", "文明城市创建", "城市"], width=60)
    assert "<mark>垃圾分类</mark>" in shown and "文明城市创建" in shown.replace("<mark>", "").replace(
        "</mark>", ""
    )
