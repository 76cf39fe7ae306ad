from policy_pages.excerpts import search_excerpt
from policy_pages.segmentation import query_phrases, segment_for_index, segment_query


def test_index_side_holds_unigrams_and_bigrams():
    assert segment_for_index("月探访率").split() == ["月", "探", "访", "率", "月探", "探访", "访率"]


def test_punctuation_splits_runs_and_latin_digits_pass_through():
    assert segment_for_index("达到100%，APP") == "达 到 达到 100 app"


def test_query_side_uses_bigrams_or_a_single_character():
    assert segment_query("月探访率") == ["月探", "探访", "访率"]
    assert segment_query("消") == ["消"]
    assert segment_query("探访 探访") == ["探访"]
    assert segment_query("  ，。 ") == []


def test_full_width_digits_are_normalized():
    assert segment_query("１００") == ["100"]


def test_every_query_term_is_in_the_index_of_the_same_text():
    text = "对无子女的特殊困难老年人，明确第一探访联系人。"
    indexed = set(segment_for_index(text).split())
    assert set(segment_query("第一探访联系人")) <= indexed


def test_query_phrases_are_the_runs_as_typed():
    assert query_phrases("消防 安全") == ["消防", "安全"]


def test_excerpt_marks_the_phrase_and_escapes_html():
    excerpt = search_excerpt("<b>前文</b>确保月探访率达到100%。", "月探访率")
    assert "<mark>月探访率</mark>" in excerpt
    assert "&lt;b&gt;" in excerpt


def test_excerpt_without_a_match_starts_at_the_beginning():
    excerpt = search_excerpt("甲" * 200, "乙")
    assert excerpt.startswith("甲") and excerpt.endswith("…")
