"""Mangled schedule files fail with a ScheduleFormatError (a clean message), never with another
exception, and never leave anything behind."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallway.conferences.models import Conference
from hallway.interop.registry import parse_schedule
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule
from tests.interop.conftest import FIXTURES

SOURCES = {name: (FIXTURES / name).read_bytes() for name in ("pretalx.xml", "pretalx.json")}
# Pieces that are plausible in either format, to splice in where they do not belong.
NOISE = [b"", b"<", b">", b"}", b"{", b"]", b'"', b"null", b"-1", b"99:99", b"<room/>", b"&amp;"]


@st.composite
def mangled(draw):
    content = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(content)))
        end = draw(st.integers(start, min(len(content), start + 40)))
        content = content[:start] + draw(st.sampled_from(NOISE)) + content[end:]
    return content


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=mangled())
def test_mangled_files_fail_cleanly_or_import(content):
    with transaction.atomic():
        message = None
        try:
            _, data = parse_schedule(content)
            import_schedule(data, slug="fuzz")
        except ScheduleFormatError as error:
            message = str(error)
        if message is not None:
            assert message.strip() != ""
            assert not Conference.objects.filter(slug="fuzz").exists()
        transaction.set_rollback(True)
