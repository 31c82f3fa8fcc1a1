"""Importing a playlist, and an organizer's decisions on its matches."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.conferences.models import Conference
from hallway.program.models import Session
from hallway.program.signals import publish_session_media_on_commit
from hallway.replays.matching import Candidate, Matcher
from hallway.replays.models import Video
from hallway.replays.playlists import read_playlist, youtube_id


@dataclass
class ImportReport:
    conference: Conference
    format: str
    created: list[Video] = field(default_factory=list)
    known: int = 0  # already imported before: left as they were
    hidden: int = 0  # private or deleted videos in the playlist
    confirmed: list[Video] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per new video: confidence, video title → session title."""
        confirmed = {video.pk for video in self.confirmed}
        lines = []
        for video in self.created:
            if video.session_id is None:
                lines.append(f"   —  {video.title} → (no match)")
                continue
            mark = "confirmed" if video.pk in confirmed else "proposed"
            lines.append(f"{video.confidence:.2f}  {video.title} → {video.session.title} [{mark}]")
        return lines

    def summary(self) -> str:
        proposed = sum(1 for video in self.created if video.session_id is not None)
        return _(
            "%(format)s playlist: %(new)d new video(s), %(proposed)d matched, "
            "%(confirmed)d confirmed, %(unmatched)d without a match; %(known)d already "
            "imported, %(hidden)d private or deleted left out."
        ) % {
            "format": self.format,
            "new": len(self.created),
            "proposed": proposed,
            "confirmed": len(self.confirmed),
            "unmatched": len(self.created) - proposed,
            "known": self.known,
            "hidden": self.hidden,
        }


def matching_candidates(conference: Conference) -> list[Candidate]:
    """The sessions a new video may go to: listed programme items that have no confirmed or
    proposed video yet."""
    sessions = (
        conference.sessions.listed()
        .filter(kind__in=Session.PROGRAM_KINDS)
        .exclude(
            replays__status__in=[Video.Status.CONFIRMED, Video.Status.PROPOSED],
        )
        .with_people()
        .order_by("pk")
    )
    return [
        Candidate(
            session_id=session.pk,
            title=session.title,
            presenter_names=tuple(presenter.name for presenter in session.ordered_presenters),
            start=session.start,
            video_key=youtube_id(session.video_url) or session.video_url,
        )
        for session in sessions
    ]


def conference_names(conference: Conference) -> list[str]:
    """What video titles call the conference: its name and its slug's words."""
    return [conference.name, conference.slug.replace("-", " ")]


def import_playlist(
    conference: Conference,
    content: bytes,
    *,
    confirm_above: float | None = None,
    user=None,
) -> ImportReport:
    """Add the playlist's new videos (keyed by video id) with a proposed session each, and
    confirm the proposals whose confidence is at least ``confirm_above``.

    Videos imported before are left as they are, decisions included. Raises
    ``PlaylistError`` for a file that cannot be read (nothing is written then).
    """
    if confirm_above is not None and not 0 <= confirm_above <= 1:
        raise ValueError(_("The confidence to confirm at must be between 0 and 1."))
    playlist = read_playlist(content)
    with transaction.atomic():
        known_ids = set(conference.videos.values_list("video_id", flat=True))
        seen: set[str] = set()
        new_items = []
        for item in playlist.items:
            if item.video_id in known_ids or item.video_id in seen:
                continue
            seen.add(item.video_id)
            new_items.append(item)
        report = ImportReport(
            conference,
            playlist.format,
            known=len(playlist.items) - len(new_items),
            hidden=playlist.skipped,
        )
        matcher = Matcher(
            matching_candidates(conference),
            conference_names=conference_names(conference),
        )
        proposals = matcher.assign(
            [(item.video_id, item.title, item.published_at) for item in new_items]
        )
        sessions = conference.sessions.in_bulk(
            [p.session_id for p in proposals.values() if p.session_id]
        )
        next_position = (
            conference.videos.order_by("-position").values_list("position", flat=True).first()
        )
        offset = 0 if next_position is None else next_position + 1
        for index, item in enumerate(new_items):
            proposal = proposals[item.video_id]
            video = Video.objects.create(
                conference=conference,
                video_id=item.video_id,
                title=item.title[:500],
                url=item.url,
                published_at=item.published_at,
                description=item.description,
                position=offset + index,
                session=sessions.get(proposal.session_id),
                confidence=proposal.confidence,
                status=Video.Status.PROPOSED if proposal.session_id else Video.Status.UNMATCHED,
                source=playlist.format,
            )
            report.created.append(video)
            if confirm_above is not None and video.session_id and video.confidence >= confirm_above:
                confirm_video(video, user=user)
                report.confirmed.append(video)
    return report


def confirm_video(video: Video, *, user=None, session: Session | None = None) -> Video:
    """Confirm ``video`` for its session (or ``session``): the session's page, exports, API and
    recaps show it from now on. Raises ValidationError when there is no session, the session is
    of another conference, or it already has another confirmed video."""
    with transaction.atomic():
        if session is not None:
            video.session = session
        if video.session_id is None:
            raise ValidationError(_("“%(title)s” has no session to confirm.") % {"title": video})
        target = video.session
        if target.conference_id != video.conference_id:
            raise ValidationError(
                _("“%(session)s” is a session of another conference.") % {"session": target}
            )
        other = Video.objects.confirmed().filter(session=target).exclude(pk=video.pk).first()
        if other is not None:
            raise ValidationError(
                _("“%(session)s” already has the confirmed video “%(video)s”; reject it first.")
                % {"session": target, "video": other}
            )
        video.status = Video.Status.CONFIRMED
        video.decided_at = timezone.now()
        video.decided_by = user
        video.save()
        if target.video_url != video.url:
            target.video_url = video.url
            target.save(update_fields=["video_url", "updated_at"])
            publish_session_media_on_commit(
                Video, session=target, kind="video", url=video.url, title=video.title
            )
    return video


def reject_video(video: Video, *, user=None) -> Video:
    """Reject ``video``'s match. A confirmed video is taken off its session's page."""
    with transaction.atomic():
        session = video.session
        if (
            video.status == Video.Status.CONFIRMED
            and session is not None
            and session.video_url == video.url
        ):
            session.video_url = ""
            session.save(update_fields=["video_url", "updated_at"])
        video.status = Video.Status.REJECTED
        video.decided_at = timezone.now()
        video.decided_by = user
        video.save()
    return video


def sessions_without_video(conference: Conference):
    """Listed, not cancelled programme items that have no video, in time order."""
    return (
        conference.sessions.listed()
        .filter(kind__in=Session.PROGRAM_KINDS, is_cancelled=False, video_url="")
        .select_related("room")
        .order_by("start", "title")
    )
