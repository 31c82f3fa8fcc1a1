import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hallway.people.models import Organizer, Presenter
from tests.admin_utils import (
    bulk,
    changelist_url,
)
from tests.factories import OrganizerFactory, PresenterFactory
from tests.html import outer, parse

pytestmark = pytest.mark.django_db

CASES = {Presenter: (PresenterFactory, 6), Organizer: (OrganizerFactory, 6)}


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize("model", list(CASES), ids=lambda m: m._meta.model_name)
def test_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, model, rows
):
    factory, queries = CASES[model]
    bulk(factory, rows, conference=conference)

    with django_assert_num_queries(queries):
        response = superuser_client.get(changelist_url(model))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("model", list(CASES), ids=lambda m: m._meta.model_name)
def test_staff_without_permission_gets_403(staff_client, model):
    assert staff_client.get(changelist_url(model)).status_code == 403


def png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


def test_presenter_photo_shows_as_thumbnail_and_preview(superuser_client, conference):
    presenter = PresenterFactory(conference=conference, name="Ada")
    presenter.photo.save("ada.png", png())

    changelist = parse(superuser_client.get(changelist_url(Presenter)))
    form = parse(superuser_client.get(f"/admin/people/presenter/{presenter.pk}/change/"))

    url = presenter.photo.url
    assert outer(changelist, "//img[@class='admin-preview']") == (
        f'<img class="admin-preview" src="{url}" alt="" width="48" height="48" loading="lazy">'
    )
    assert outer(form, "//img[@class='admin-preview']") == (
        f'<img class="admin-preview" src="{url}" alt="" width="200" height="200" loading="lazy">'
    )


def test_uploading_a_presenter_photo_makes_its_thumbnails(
    superuser_client, conference, settings, django_capture_on_commit_callbacks, run_tasks
):
    presenter = PresenterFactory(conference=conference, name="Ada", slug="ada")
    upload = SimpleUploadedFile("ada.png", png().read(), content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            f"/admin/people/presenter/{presenter.pk}/change/",
            {"conference": conference.pk, "name": "Ada", "slug": "ada", "photo": upload},
        )

    assert response.status_code == 302
    presenter.refresh_from_db()
    stem = Path(presenter.photo.name).stem
    thumbs = Path(settings.MEDIA_ROOT) / "conferences" / conference.slug / "thumbs" / "presenters"
    assert not thumbs.exists()  # queued, not made in the request
    run_tasks()
    assert sorted(p.name for p in thumbs.iterdir()) == [
        f"{stem}-{size}.webp" for size in ("180", "360", "540", "96")
    ]
