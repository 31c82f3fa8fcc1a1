import io

from hallway.companion.demo import create_demo_attendee
from hallway.conferences.models import Feature
from hallway.volunteers.demo import create_demo_volunteering
from hallway.volunteers.models import Role, Shift, Signup
from tests.factories import SessionFactory


def test_demo_volunteering_is_created_idempotently(conference):
    for _ in range(5):
        SessionFactory(conference=conference)
    create_demo_attendee(conference)
    out = io.StringIO()

    create_demo_volunteering(conference, stdout=out)
    shift_ids = list(Shift.objects.order_by("pk").values_list("pk", flat=True))
    create_demo_volunteering(conference, stdout=out)

    assert out.getvalue() == (
        "Volunteering: 3 roles, 9 shifts, 10 sign-ups (one on a waiting list)"
        "Volunteering: 3 roles, shifts already loaded"
    )
    # The second run keeps the shifts (replacing them would cancel every volunteer's shift).
    assert list(Shift.objects.order_by("pk").values_list("pk", flat=True)) == shift_ids
    assert Feature.objects.get(conference=conference, key="volunteer").is_enabled
    assert list(Role.objects.filter(conference=conference).values_list("name", flat=True)) == [
        "Registration desk",
        "Session chair",
        "Swag stuffing",
    ]
    shifts = Shift.objects.filter(role__conference=conference).with_taken()
    first_desk = [s for s in shifts if s.role.slug == "registration-desk"][0]
    assert (first_desk.is_full, first_desk.waiting) == (True, 1)
    assert shifts.filter(session__isnull=False).count() == 4
    assert list(
        Signup.objects.filter(user__username="demo").values_list("shift__role__slug", flat=True)
    ) == ["swag-stuffing"]


def test_loading_the_demo_again_tells_no_volunteer_their_shift_was_cancelled(conference):
    from hallway.notifications.models import Notification

    for _ in range(5):
        SessionFactory(conference=conference)
    create_demo_attendee(conference)
    create_demo_volunteering(conference)

    create_demo_volunteering(conference)

    assert list(Notification.objects.values_list("title", flat=True)) == []
