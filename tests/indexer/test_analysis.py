from indexer import analysis


def test_words_keep_digits_and_latin_and_drop_punctuation():
    assert analysis.words("第3期，ABC") == ["第", "3", "期", "abc"]


def test_userdict_keeps_units_and_officials_whole():
    words = analysis.words("市委书记孙爱军到聊城市公安局交巡警支队调研")
    assert "孙爱军" in words
    assert "聊城市公安局交巡警支队" in words


def test_bigrams_cover_every_cjk_substring():
    tokens = analysis.bigrams("孙爱军在城区")
    assert tokens == ["孙爱", "爱军", "军在", "在城", "城区"]
    assert analysis.bigrams("市 第3期 x") == ["市", "第", "3", "期", "x"]


def test_pretokenized_positions_are_ordinals():
    tokenizer = analysis.PretokenizedTokenizer()
    text = analysis.pretokenized(["孙爱", "爱军", "军在"])
    assert [(t.text, t.pos) for t in tokenizer(text, positions=True)] == [
        ("孙爱", 0),
        ("爱军", 1),
        ("军在", 2),
    ]


def test_indexed_bigrams_give_each_run_its_last_character_at_the_last_position():
    tokens = analysis.indexed_bigrams("孙爱军在 第3期")
    assert tokens == ["孙爱", "爱军", "军在" + analysis.SAME_POSITION + "在", "第", "3", "期"]
    tokenizer = analysis.PretokenizedTokenizer()
    got = [(t.text, t.pos) for t in tokenizer(analysis.pretokenized(tokens), positions=True)]
    assert got == [("孙爱", 0), ("爱军", 1), ("军在", 2), ("在", 2), ("第", 3), ("3", 4), ("期", 5)]
