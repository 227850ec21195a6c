"""The one home of Chinese text knowledge: character classes, words, bigrams, characters."""

from indexer.engines.whoosh import SpaceTokenizer
from indexer.lang import text


def test_words_keep_digits_and_latin_and_drop_punctuation():
    assert text.words("第3期，ABC") == ["第", "3", "期", "abc"]


def test_userdict_keeps_units_and_officials_whole():
    words = text.words("市委书记孙爱军到聊城市公安局交巡警支队调研")
    assert "孙爱军" in words
    assert "聊城市公安局交巡警支队" in words


def test_bigrams_cover_every_cjk_substring():
    assert text.bigrams("孙爱军在城区") == ["孙爱", "爱军", "军在", "在城", "城区"]
    assert text.bigrams("市 第3期 x") == ["市", "第", "3", "期", "x"]


def test_extension_b_and_ideographic_zero_are_han():
    assert text.is_cjk("𠮷") and text.is_cjk("〇") and text.is_cjk("王𠮷华")
    assert text.bigrams("王𠮷华") == ["王𠮷", "𠮷华"]
    assert text.bigrams("二〇一九年") == ["二〇", "〇一", "一九", "九年"]
    assert "𠮷" in text.words("王𠮷华") or "王𠮷华" in text.words("王𠮷华") or "𠮷华" in text.words("王𠮷华")
    assert text.characters("王𠮷华，王") == ["王", "𠮷", "华"]


def test_punctuation_alone_has_nothing_searchable():
    for punctuation in ("（", "##", "，。！", "  "):
        assert not text.has_searchable(punctuation) and text.bigrams(punctuation) == []
    assert text.has_searchable("x") and text.has_searchable("〇")


def test_space_joined_tokens_get_ordinal_positions():
    got = [(t.text, t.pos) for t in SpaceTokenizer()(text.joined(["孙爱", "爱军", "军在"]), positions=True)]
    assert got == [("孙爱", 0), ("爱军", 1), ("军在", 2)]


def test_squash_drops_every_space_the_converters_put_between_characters():
    assert text.squash(" 东昌府区\u3000 古楼\t街道\n") == "东昌府区古楼街道"
    assert text.squash("") == "" and text.squash(None) == ""


def test_the_two_punctuation_classes_differ_where_clean_and_parse_need_them_to():
    import re

    clean_side = re.compile(f"[{text.CJK_PUNCT}]")
    parse_side = re.compile(f"[{text.CJK_PUNCT_AND_FORMS}]")
    for mark in "，。、：“”—…·（）《》":
        assert clean_side.fullmatch(mark) and parse_side.fullmatch(mark), mark
    assert parse_side.fullmatch("Ａ") and not clean_side.fullmatch("Ａ")  # full-width letters: parse only
    assert clean_side.fullmatch("•") and not parse_side.fullmatch("•")  # the list bullet: clean only
