import pytest

from tests.html import attrs, has_class, outer, parse, text, texts

PAGE = b"""<!doctype html>
<html><head><meta property="og:title" content="Caf\xc3\xa9 list"></head>
<body>
  <nav><a href="/a/">First</a> <a href="/b/" aria-current="page">Second
     link</a></nav>
  <ul><li class="place place--near">Near <em>spot</em></li><li class="placeholder">x</li></ul>
</body></html>"""


def test_texts_normalise_whitespace_in_document_order():
    assert texts(parse(PAGE), "//nav/a") == ["First", "Second link"]


def test_texts_of_no_match_is_an_empty_list():
    assert texts(parse(PAGE), "//table") == []


def test_text_returns_the_one_match():
    assert text(parse(PAGE), "//a[@aria-current='page']") == "Second link"


@pytest.mark.parametrize(("xpath", "count"), [("//table", 0), ("//nav/a", 2)])
def test_text_fails_naming_the_xpath_unless_exactly_one_match(xpath, count):
    with pytest.raises(AssertionError) as failure:
        text(parse(PAGE), xpath)

    assert str(failure.value) == f"{xpath!r} matches {count} nodes, expected exactly 1"


def test_attrs_read_one_attribute_of_every_match():
    page = parse(PAGE.decode())

    assert attrs(page, "//nav/a", "href") == ["/a/", "/b/"]
    assert attrs(page, "//nav/a", "aria-current") == [None, "page"]
    assert attrs(page, "//meta[@property='og:title']", "content") == ["Café list"]


def test_has_class_matches_a_whole_class_name():
    assert texts(parse(PAGE), f"//li[{has_class('place')}]") == ["Near spot"]


def test_outer_is_the_element_html_without_its_tail():
    assert outer(parse(PAGE), "//nav") == (
        '<nav><a href="/a/">First</a> <a href="/b/" aria-current="page">Second link</a></nav>'
    )


def test_a_fragment_parses_too():
    fragment = parse('<button aria-pressed="true">Star</button>')

    assert attrs(fragment, "//button", "aria-pressed") == ["true"]


def test_an_expression_that_is_not_a_node_set_fails_clearly():
    with pytest.raises(AssertionError) as failure:
        texts(parse(PAGE), "count(//a)")

    assert str(failure.value) == "'count(//a)' selects a value (2.0), not nodes"
