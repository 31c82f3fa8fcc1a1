"""The build_site output, served by a plain static file server under a path prefix, in Chromium."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hallway.sitebuild.services import build_site
from tests.factories import ConferenceFactory, PresenterFactory, SessionFactory


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's signature)
        pass


@pytest.fixture
def static_server(tmp_path):
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "www"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_static_build_works_under_any_path_prefix(page, static_server, tmp_path, db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    speaker = PresenterFactory(conference=conference, name="Ryan Cheley", slug="ryan-cheley")
    SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        with_presenters=[speaker],
    )
    build_site(conference, tmp_path / "www" / "archive" / "2024")
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    page.goto(static_server + "/archive/2024/schedule/")
    page.get_by_role("link", name="Error Culture").first.click()
    page.wait_for_url(static_server + "/archive/2024/talks/error-culture/")
    page.get_by_role("link", name="Ryan Cheley").first.click()
    page.wait_for_url(static_server + "/archive/2024/presenters/ryan-cheley/")

    assert page.get_by_role("heading", level=1).inner_text() == "Ryan Cheley"
    # The stylesheet loaded: the skip link is moved off screen by hallway.css.
    assert page.locator(".skip-link").bounding_box()["y"] < 0
    assert failed == []
