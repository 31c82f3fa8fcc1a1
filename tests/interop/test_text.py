from hallway.interop.text import markdown_to_text


def test_markdown_to_text_keeps_paragraphs_lists_and_link_targets():
    text = (
        "Hello *world* & [the docs](https://docs.djangoproject.com/)\n\n"
        "- one\n- two\n\n## Title\n<https://example.org>"
    )

    assert markdown_to_text(text) == (
        "Hello world & the docs (https://docs.djangoproject.com/)\n\n"
        "- one\n- two\n\nTitle\n\nhttps://example.org"
    )


def test_markdown_to_text_drops_html_and_handles_empty():
    assert markdown_to_text("<script>alert(1)</script>Hi <b>there</b>") == "Hi there"
    assert markdown_to_text(None) == ""
