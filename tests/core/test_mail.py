import base64

import pytest
from django.core import mail

from hallway.core.mail import attachment, send_email, send_templated_email
from tests.features import run_worker

pytestmark = pytest.mark.django_db


def test_send_email_waits_for_the_worker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email.enqueue(
            subject="Hello\nthere",
            to=["ada@example.com"],
            text="Plain body",
            html="<p>HTML body</p>",
            headers={"X-Hallway": "yes"},
            attachments=[attachment("a.txt", b"attached", "text/plain")],
        )
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello there"
    assert message.to == ["ada@example.com"]
    assert message.body == "Plain body"
    assert message.alternatives[0].content == "<p>HTML body</p>"
    assert message.extra_headers == {"X-Hallway": "yes"}
    assert message.attachments == [("a.txt", "attached", "text/plain")]


def test_attachment_is_base64():
    assert attachment("x.pdf", b"%PDF", "application/pdf") == {
        "filename": "x.pdf",
        "mimetype": "application/pdf",
        "content": base64.b64encode(b"%PDF").decode(),
    }


def test_templated_email_is_enqueued_on_commit_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_templated_email(
            "grants/email/received",
            {"conference": {"name": "PyConf"}, "page_url": "https://example.com/grants/"},
            to=["ada@example.com", ""],
        )
    assert len(callbacks) == 1
    run_worker()
    assert mail.outbox == []  # nothing was enqueued: the transaction never committed

    callbacks[0]()
    run_worker()

    assert [m.subject for m in mail.outbox] == ["Your opportunity grant application for PyConf"]
    assert mail.outbox[0].to == ["ada@example.com"]
    assert "https://example.com/grants/" in mail.outbox[0].body


def test_templated_email_without_recipient_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_templated_email("grants/email/received", {}, to=[""])
    assert callbacks == []
