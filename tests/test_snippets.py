"""Snippets (search/snippets.py): the original text around the best matches,
the matched words marked as written, and rendered as HTML only by
Snippet.to_html."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from search.engine import Engine
from search.hits import display_title, hit, shown_fields
from search.query.request import SearchRequest
from search.results import Snippet
from search.snippets import (
    HEADLINE_CHARS,
    SCAN_CHARS,
    SNIPPET_CHARS,
    Marks,
    headline,
    highlighted,
    matched_spans,
    opening,
    snippet,
    window,
)
from search.text.analyzer import FormAnalyzer, analyze, indexed_forms
from search.text.normalize import WORD
from tests.support import build_index

FILLER = " ".join(["قال التقرير إن اليوم كان هادئا في المدينة"] * 12)


def terms(query: str) -> Marks:
    return Marks(set(analyze(query)))


def marked(found: Snippet) -> list[str]:
    return [found.text[start:end] for start, end in found.marks]


def test_the_words_are_marked_as_written() -> None:
    text = "تراجعت أَسْعَارُ الذَّهَبِ في الأسواق العالمية، وقال تاجر إن الذهب سيعود."
    found = snippet(text, terms("الذهب"))
    assert found is not None
    assert marked(found) == ["الذَّهَبِ", "الذهب"]  # diacritics, article and all
    assert found.text == text and not found.cut_before and not found.cut_after
    assert found.to_html() == ("تراجعت أَسْعَارُ <mark>الذَّهَبِ</mark> في الأسواق العالمية، "
                               "وقال تاجر إن <mark>الذهب</mark> سيعود.")


def test_every_spelling_the_index_conflates_is_marked() -> None:
    text = "اجتمع وزير الاقتصاد مع خبراء اقتصادية وأعلن أن الإقتصاد ينمو، ثم غادر."
    assert marked(snippet(text, terms("الاقتصاد"))) == ["الاقتصاد", "اقتصادية", "الإقتصاد"]


def test_words_are_marked_by_their_term_not_by_their_letters() -> None:
    # المذهب holds the letters ذهب but is another word; والذهبي is indexed as ذهب.
    found = snippet("ذهب الوفد إلى المذهب الجديد، والذهبي لونه.", terms("ذهب"))
    assert found is not None and marked(found) == ["ذهب", "والذهبي"]


def test_marked_words_with_only_spaces_between_are_one_mark() -> None:
    found = snippet("استقبل ولي   العهد، ثم قال ولي ولي العهد إن العهد جديد.", terms("ولي العهد"))
    assert found is not None
    # White space joins; a comma or an unmarked word keeps marks apart.
    assert marked(found) == ["ولي العهد", "ولي ولي العهد", "العهد"]
    assert found.to_html() == ("استقبل <mark>ولي العهد</mark>، ثم قال <mark>ولي ولي العهد</mark> "
                               "إن <mark>العهد</mark> جديد.")


def test_a_title_marks_adjacent_words_as_one() -> None:
    title = highlighted("ولي العهد يستقبل وفدا من العهد الجديد", terms("ولي العهد"))
    assert title.to_html() == "<mark>ولي العهد</mark> يستقبل وفدا من <mark>العهد</mark> الجديد"


def test_nothing_matched_is_no_snippet() -> None:
    assert snippet("نص عن الطقس الحار في الخليج", terms("النفط")) is None
    assert snippet("نص عن الطقس", Marks()) is None


def test_the_window_is_around_the_densest_matches() -> None:
    """A lone match at the start, and both words of the query together far
    into the text: the snippet shows the two together, with text around them."""
    text = f"النفط {FILLER} ارتفعت أسعار النفط في الأسواق {FILLER}"
    found = snippet(text, terms("أسعار النفط"))
    assert found is not None
    assert marked(found) == ["أسعار النفط"]
    assert len(found.text) <= SNIPPET_CHARS
    assert found.cut_before and found.cut_after
    first, last = found.marks[0][0], found.marks[-1][1]
    # Centered: room on both sides of the matches, cut at white space.
    assert first > SNIPPET_CHARS // 4 and len(found.text) - last > SNIPPET_CHARS // 4
    assert found.text in text and text[text.index(found.text) - 1] == " "
    assert text[text.index(found.text) + len(found.text)] == " "


def test_ellipses_show_where_the_text_was_cut() -> None:
    cut = snippet(f"{FILLER} النفط {FILLER}", terms("النفط"))
    assert cut is not None and cut.cut_before and cut.cut_after
    html = cut.to_html()
    assert html.startswith("… ") and html.endswith(" …")
    start = snippet(f"النفط {FILLER}", terms("النفط"))
    assert start is not None and not start.cut_before and start.cut_after
    assert start.to_html().startswith("<mark>النفط</mark>") and start.to_html().endswith(" …")
    end = snippet(f"{FILLER} النفط", terms("النفط"))
    assert end is not None and end.cut_before and not end.cut_after
    assert end.to_html().startswith("… ") and end.to_html().endswith("<mark>النفط</mark>")


def test_to_html_escapes_the_text_and_only_adds_marks() -> None:
    piece = Snippet('<b>x</b> & "y" \'z\'', ((3, 4),))
    assert piece.to_html() == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; &quot;y&quot; &#x27;z&#x27;"


@pytest.mark.parametrize("text", [
    'نص خبيث "><img src=x onerror=alert(1)> و <b>غامق</b> عن السياسة',
    "<script>alert('السياسة')</script> السياسة",
])
def test_markup_in_the_text_never_reaches_the_html(text: str) -> None:
    found = snippet(text, terms("السياسة"))
    assert found is not None and found.marks
    html = found.to_html()
    assert "<mark>" in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<script" not in html and "<img" not in html and "<b>" not in html


def test_render_puts_each_match_through_its_own_function() -> None:
    found = snippet("ارتفعت أسعار النفط اليوم", terms("النفط"))
    assert found is not None
    assert found.render(lambda t: f"[{t}]") == "ارتفعت أسعار [النفط] اليوم"


def test_a_phrase_is_marked_where_its_words_stand_together() -> None:
    """For "أسعار النفط" the snippet shows the phrase, one mark, and not its
    words where they stand apart (الأسعار here, النفطية there)."""
    text = (f"ارتفعت الأسعار في الأسواق المحلية. {FILLER} وقالت الشركات النفطية إن الطلب قوي. {FILLER} "
            "وتراجعت أسعار النفط أمس في التعاملات الآسيوية.")
    found = snippet(text, Marks(phrases=(tuple(analyze("أسعار النفط")),)))
    assert found is not None and marked(found) == ["أسعار النفط"]


def test_a_phrase_that_is_not_in_the_text_marks_nothing() -> None:
    text = "ارتفعت الأسعار في الأسواق، وقالت الشركات النفطية إن الطلب قوي."
    assert snippet(text, Marks(phrases=(tuple(analyze("أسعار النفط")),))) is None


def test_a_quoted_phrase_query_marks_the_phrase(tmp_path: Path) -> None:
    """Through the engine: the words of "أسعار النفط" standing apart in the
    same document are not marked, in its snippet or its title."""
    docs = [{"id": "oil", "title": "الأسعار والشركات النفطية",
             "body": "ارتفعت الأسعار، وقالت الشركات النفطية إن أسعار النفط تراجعت أمس."}]
    with Engine(build_index(tmp_path / "index", docs)) as engine:
        hit = engine.search(SearchRequest('"أسعار النفط"')).hits[0]
    assert hit.snippet is not None and marked(hit.snippet) == ["أسعار النفط"]
    assert hit.title_marked is None or not hit.title_marked.marks


LONG = " ".join([FILLER] * 200)  # about 100,000 characters
assert len(LONG) > 3 * SCAN_CHARS


def test_a_long_text_is_read_only_up_to_its_window() -> None:
    # A match past the window is not looked for: the snippet says the text goes on.
    assert snippet(LONG + " الذهب", terms("الذهب")) is None
    early = snippet("الذهب " + LONG, terms("الذهب"))
    assert early is not None and marked(early) == ["الذهب"] and early.cut_after
    head, cut = window(LONG)
    assert cut and len(head) <= SCAN_CHARS and LONG.startswith(head) and LONG[len(head)] == " "
    opened, cut = opening("\n".join([LONG] * 500), 90)
    assert cut and len(opened) <= 90 and opened.startswith("قال التقرير")
    assert headline(LONG).endswith(" …") and len(headline(LONG)) <= HEADLINE_CHARS + 2
    assert headline("عنوان قصير") == "عنوان قصير"


def test_a_hit_of_a_long_document_reads_only_what_it_shows() -> None:
    """A hit made from the fields cut to what it reads is the hit of the
    whole document: title, snippet, ellipses, furniture left out."""
    fields = {"id": "long", "kind": "article", "title": "ذهب " + LONG, "teaser": LONG,
              "body": "الذهب في الأسواق " + LONG + " الذهب", "furniture": [[0, 5], [40_000, 40_100]]}
    shown = shown_fields(fields)
    assert all(len(shown[name]) < 40_000 for name in ("title", "teaser", "body"))
    for marks in (terms("الذهب"), terms("التقرير"), None):
        assert hit(shown, 1.0, marks) == hit(fields, 1.0, marks)
    untitled = {key: value for key, value in fields.items() if key != "title"}
    assert display_title(shown_fields(untitled)) == display_title(untitled)


_FRONTS = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "وب")
_CORES = ("خادم", "سعود", "مدين", "روحان", "سيول", "ذهب", "قطر", "أمريك", "إسلام")
_ENDINGS = ("", "ا", "ة", "ه", "ات", "ها", "ي", "ية", "يه", "ين", "ون", "تها", "يات")


def test_words_are_marked_by_form_whatever_was_asked_of_them_before() -> None:
    """A word's forms are found only where a marked form could be among
    them; what is marked is what finding every word's forms would mark,
    on a first page and on a page after others asked of the same words."""
    words = [front + core + ending for front in _FRONTS for core in _CORES for ending in _ENDINGS]
    text = " ".join(words)
    analyzer = FormAnalyzer()
    for query in ("الخادمة", "سعودي", "مدينة", "روحاني", "السيول", "الذهب", "أمريكا", "إسلامية", "وقطر"):
        marks = Marks(forms=frozenset(analyzer.forms(query)))
        expected = [w for w in words if set(indexed_forms(w)) & marks.forms]
        assert expected, query
        for _ in range(2):  # then the words' forms are known
            found = [text[start:end] for start, end, _ in matched_spans(text, marks)]
            assert found == expected, query


_MARKS_IN = ("", "\u064e", "\u064b", "\u0651", "ـ")  # written in or left out, as writers do


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FRONTS), st.sampled_from(_CORES), st.sampled_from(_ENDINGS),
                          st.sampled_from(_MARKS_IN), st.sampled_from((" ", " ، ", "\n", " 2015 "))),
                min_size=1, max_size=40),
       st.sampled_from(("الخادمة", "سعودي", "مدينة السيول", "روحاني", "الذهب", "أمريكا قطر", "إسلامية")))
def test_only_the_words_where_a_key_may_be_are_read(parts: list[tuple[str, ...]], query: str) -> None:
    """What is marked is what reading every word of the text would mark."""
    text = "".join(front + core[:2] + mark + core[2:] + ending + gap for front, core, ending, mark, gap in parts)
    marks = Marks(terms=frozenset(analyze(query)), forms=frozenset(FormAnalyzer().forms(query)))
    reference = Marks(marks.terms, marks.forms)
    every = [(m.start(), m.end(), key) for m in WORD.finditer(text) if (key := reference.decide(m.group())) is not None]
    assert matched_spans(text, marks) == every
