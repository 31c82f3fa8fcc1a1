"""Side effects that must follow every deletion path (cascades included) and every sign-in."""

from allauth.account.signals import user_logged_in, user_signed_up
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from hallway.companion.models import Photo


@receiver(post_delete, sender=Photo)
def remove_photo_files(sender, instance: Photo, **kwargs) -> None:
    from hallway.companion.services import delete_photo_files

    # After commit: a rolled-back deletion must keep its files.
    transaction.on_commit(lambda: delete_photo_files(instance))


@receiver(user_signed_up)
@receiver(user_logged_in)
def keep_anonymous_stars(sender, request, user, **kwargs) -> None:
    """Picks starred before signing up or in are kept (moved to the account)."""
    from hallway.companion.services import adopt_session_stars

    if request is not None and hasattr(request, "session"):
        adopt_session_stars(request, user)
