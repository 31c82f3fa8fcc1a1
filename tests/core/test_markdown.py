from hallway.core.markdown import render_markdown


def test_render_markdown_keeps_links():
    html = render_markdown("[Django](https://www.djangoproject.com/)")

    assert html == (
        '<p><a href="https://www.djangoproject.com/" rel="noopener noreferrer nofollow">'
        "Django</a></p>\n"
    )


def test_render_markdown_drops_scripts_and_javascript_urls():
    html = render_markdown(
        '<script>alert(1)</script>\n\n<a href="javascript:alert(1)">x</a> <b onclick="x()">b</b>'
    )

    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert html == '\n<p><a rel="noopener noreferrer nofollow">x</a> <b>b</b></p>\n'


def test_render_markdown_of_nothing_is_empty():
    assert render_markdown(None) == ""
