"""Matching a playlist's videos to a conference's sessions.

Each (video, session) pair gets a confidence from 0 to 1:

* **title**: both titles are normalised (the conference's name and " | DjangoCon US 2024"-style
  segments removed, presenters' names removed, accents, case and punctuation dropped, plurals
  folded) and compared as sets of words (so reordered words still match), blended with a
  character-level ratio that forgives small spelling differences;
* **presenters**: a session presenter's full name in the video title (or only a last name, for
  less) raises the confidence: ``1 - (1 - title) * (1 - presenters / 2)``; a title that names
  other presenters of the conference, and none of the session's, lowers it by a fifth;
* **date**: a video published more than a day before the session started belongs to something
  else (last year's talk of the same name): its confidence is halved.

A video whose URL a session already has gets 1.0.

Then ``assign`` pairs them globally, best pair first: a video goes to at most one session and a
session gets at most one video, so two similar talks cannot both claim the clearest video.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# Below this a pair is not proposed at all: the video is listed as unmatched.
PROPOSAL_FLOOR = 0.45
# Words that say nothing about which talk a video is.
_FILLER = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "talk",
        "keynote",
        "tutorial",
        "session",
        "presentation",
        "video",
        "recording",
        "full",
    }
)
_SEPARATORS = re.compile(r"\s+(?:[|｜•·~]|--|—|–)\s+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def fold(text: str) -> str:
    """Lower case without accents, punctuation as spaces, ``&`` as ``and``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [_stem(word) for word in fold(text).split()]


@dataclass(frozen=True)
class Candidate:
    """What matching needs of a session."""

    session_id: int
    title: str
    presenter_names: tuple[str, ...] = ()
    start: dt.datetime | None = None
    video_key: str = ""  # the id of the video the session already links to, if any
    title_words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title_words", frozenset(words(self.title)) - _FILLER)


@dataclass(frozen=True)
class Proposal:
    video_key: str
    session_id: int | None
    confidence: float | None


class Matcher:
    """Scores videos against the sessions of one conference."""

    def __init__(self, candidates: Sequence[Candidate], *, conference_names: Iterable[str] = ()):
        self.candidates = list(candidates)
        self.conference_words = set()
        for name in conference_names:
            self.conference_words.update(words(name))
        # Every presenter's full name, longest first, so "Anna Lee" is not taken from
        # "Anna Leewood".
        names = {fold(name) for c in self.candidates for name in c.presenter_names if name}
        self.presenter_names = sorted(names, key=len, reverse=True)
        self._video_words: dict[str, frozenset[str]] = {}
        self._names_in_title: dict[str, bool] = {}

    def clean_title(self, title: str) -> str:
        """The video title without segments that only name the conference, and without the
        conference's name or presenters' names wherever they appear."""
        segments = _SEPARATORS.split(title)
        kept = [segment for segment in segments if not self._names_conference(segment)]
        text = " ".join(fold(segment) for segment in kept or segments)
        text = f" {text} "
        for name in self.presenter_names:
            text = text.replace(f" {name} ", " ")
        return " ".join(
            word for word in text.split() if word not in self._conference_phrase_words(text)
        )

    def _names_conference(self, segment: str) -> bool:
        segment_words = words(segment)
        if not segment_words:
            return True
        return all(word in self.conference_words or _YEAR.match(word) for word in segment_words)

    def _conference_phrase_words(self, text: str) -> frozenset[str]:
        # Only drop the conference's words when the whole name is there ("... at DjangoCon US
        # 2024"), so a talk titled "US elections" keeps its "us".
        present = set(text.split())
        conference = {word for word in self.conference_words if not _YEAR.match(word)}
        if conference and conference <= present:
            return frozenset(conference | {w for w in present if _YEAR.match(w)})
        return frozenset()

    def score(
        self, title: str, published_at: dt.datetime | None, candidate: Candidate, video_key: str
    ) -> float:
        if candidate.video_key and candidate.video_key == video_key:
            return 1.0
        video_words = self._video_words.get(title)
        if video_words is None:
            cleaned = self.clean_title(title)
            video_words = frozenset(_stem(word) for word in cleaned.split()) - _FILLER
            self._video_words[title] = video_words
            padded = f" {fold(title)} "
            self._names_in_title[title] = any(
                f" {name} " in padded for name in self.presenter_names
            )
        similarity = _title_similarity(video_words, candidate.title_words)
        presence = _presenter_presence(fold(title), candidate.presenter_names)
        confidence = 1 - (1 - similarity) * (1 - presence / 2)
        if presence == 0 and self._names_in_title[title]:
            # The title names someone, and not this session's presenters.
            confidence *= 0.8
        if (
            published_at is not None
            and candidate.start is not None
            and published_at < candidate.start - dt.timedelta(days=1)
        ):
            confidence /= 2
        return round(min(max(confidence, 0.0), 1.0), 3)

    def assign(
        self,
        videos: Sequence[tuple[str, str, dt.datetime | None]],
        *,
        floor: float = PROPOSAL_FLOOR,
    ) -> dict[str, Proposal]:
        """A proposal per video key of ``videos`` ((key, title, published_at) in playlist
        order): the best session still free, or none when nothing reaches ``floor``."""
        pairs = []
        for order, (key, title, published_at) in enumerate(videos):
            for candidate in self.candidates:
                confidence = self.score(title, published_at, candidate, key)
                if confidence >= floor:
                    pairs.append((-confidence, order, candidate.session_id, key))
        pairs.sort()
        proposals: dict[str, Proposal] = {}
        taken_sessions: set[int] = set()
        for negative, _order, session_id, key in pairs:
            if key in proposals or session_id in taken_sessions:
                continue
            proposals[key] = Proposal(key, session_id, -negative)
            taken_sessions.add(session_id)
        for key, _title, _published in videos:
            proposals.setdefault(key, Proposal(key, None, None))
        return proposals


def _title_similarity(video_words: frozenset[str], session_words: frozenset[str]) -> float:
    if not video_words or not session_words:
        return 0.0
    common = len(video_words & session_words)
    dice = 2 * common / (len(video_words) + len(session_words))
    # Character level, on sorted words so order does not matter: "Postgre" vs "Postgres".
    ratio = SequenceMatcher(
        None, " ".join(sorted(video_words)), " ".join(sorted(session_words))
    ).ratio()
    return 0.7 * dice + 0.3 * ratio


def _presenter_presence(folded_title: str, names: Sequence[str]) -> float:
    """1 when every presenter's full name is in the title, less for last names only, 0 for
    none."""
    if not names:
        return 0.0
    padded = f" {folded_title} "
    found = 0.0
    for name in names:
        folded = fold(name)
        if not folded:
            continue
        if f" {folded} " in padded:
            found += 1
        elif len(folded.split()) > 1 and f" {folded.split()[-1]} " in padded:
            found += 0.6
    return found / len(names)
