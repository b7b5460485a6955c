"""Saving, publishing and reading digests.

A published digest is an immutable snapshot: its content is stored as built, with a version
number (counting up for the same period, filters and audience) and the SHA-256 of its canonical
JSON, which is shown on it so that any copy can be checked against the original.

An analyst's digest is built in the background (a job: it can take several seconds over a busy
period): it is ``building`` until the job finishes, then a ``preview`` (which they may save as a
draft) or straight away a ``draft``; ``failed`` if the build went wrong.
"""

import hashlib
import json
import secrets
from dataclasses import asdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from challenges.digests.exports import digest_json, digest_sha256
from challenges.digests.statistics import DigestSpec
from challenges.errors import InvalidTransition, NotAllowed
from challenges.lifecycle import SYSTEM, Actor, record_audit, utcnow
from challenges.models import Digest, Role

AUDIENCES = {
    "ministers": "Ministers (analysts and admins)",
    "unions": "Unions (branch reps, analysts and admins)",
    "public": "Everyone (listed on the public Digests page)",
}
_READERS = {
    "public": None,
    "unions": {Role.BRANCH_REP, Role.ANALYST, Role.ADMIN},
    "ministers": {Role.ANALYST, Role.ADMIN},
}
DIGEST_MAKERS = frozenset({Role.ANALYST, Role.ADMIN})
BUILDING, PREVIEW, DRAFT, PUBLISHED, FAILED = "building", "preview", "draft", "published", "failed"
# Only these have content worth downloading: a preview is a look before saving.
SAVED = frozenset({DRAFT, PUBLISHED})


def _may_make_digests(actor: Actor) -> bool:
    # The scheduled build (cron, through the CLI) acts as the service itself.
    return actor.role in DIGEST_MAKERS or actor.kind == SYSTEM


def spec_json(spec: DigestSpec) -> str:
    """The period and filters as canonical JSON."""
    return json.dumps(asdict(spec), sort_keys=True, default=str, separators=(",", ":"))


def _spec_key(spec: DigestSpec) -> str:
    without_title = {k: v for k, v in json.loads(spec_json(spec)).items() if k != "title"}
    return hashlib.sha256(json.dumps(without_title, sort_keys=True).encode()).hexdigest()


def spec_from_json(text: str) -> DigestSpec:
    """The specification stored as ``spec_json``."""
    fields = json.loads(text)
    return DigestSpec(
        **{
            **fields,
            "start": date.fromisoformat(fields["start"]),
            "end": date.fromisoformat(fields["end"]),
        }
    )


def audiences_for(role: Role | None) -> list[str]:
    """The audiences whose digests someone with this role may read."""
    return [name for name, readers in _READERS.items() if readers is None or role in readers]


def save_draft(db: Session, actor: Actor, spec: DigestSpec, audience: str, content: dict) -> Digest:
    """Keep a built digest as a draft, to read again before publishing."""
    digest = _new_digest(db, actor, spec, audience, content["title"], DRAFT, digest_json(content))
    record_audit(db, actor, "save_digest_draft", digest.public_id)
    return digest


def start_build(db: Session, actor: Actor, spec: DigestSpec, audience: str) -> Digest:
    """Record a digest to be built; commit, then run the build job on its id."""
    return _new_digest(db, actor, spec, audience, spec.title, BUILDING, "{}")


def _new_digest(
    db: Session, actor: Actor, spec: DigestSpec, audience: str, title: str, status: str, content
) -> Digest:
    if not _may_make_digests(actor):
        raise NotAllowed("make digests")
    if audience not in AUDIENCES:
        raise InvalidTransition("unknown audience")
    digest = Digest(
        public_id=secrets.token_urlsafe(9),
        title=title[:200],
        audience=audience,
        status=status,
        spec_key=_spec_key(spec),
        spec=spec_json(spec),
        content=content,
        created_at=utcnow(),
        created_by_user_id=actor.user_id,
    )
    db.add(digest)
    db.flush()
    return digest


def find_building(db: Session, digest_id: int) -> Digest | None:
    """The digest with this id if it is still waiting for its build."""
    return db.scalar(select(Digest).where(Digest.id == digest_id, Digest.status == BUILDING))


def finish_build(db: Session, actor: Actor, digest: Digest, content: dict, keep: bool) -> None:
    """Store a finished build: a preview, or (``keep``) a draft saved by ``actor``."""
    digest.title = content["title"][:200]
    digest.content = digest_json(content)
    digest.status = DRAFT if keep else PREVIEW
    if keep:
        record_audit(db, actor, "save_digest_draft", digest.public_id)


def mark_build_failed(db: Session, digest_id: int) -> None:
    """Note that a build went wrong, so the analyst is told instead of waiting for ever."""
    digest = find_building(db, digest_id)
    if digest is not None:
        digest.status = FAILED


def save_preview(db: Session, actor: Actor, digest: Digest) -> Digest:
    """Keep a previewed digest as a draft."""
    if not _may_make_digests(actor):
        raise NotAllowed("make digests")
    if digest.status != PREVIEW:
        raise InvalidTransition("only a preview can be saved as a draft")
    digest.status = DRAFT
    record_audit(db, actor, "save_digest_draft", digest.public_id)
    return digest


def publish(db: Session, actor: Actor, digest: Digest) -> Digest:
    """Freeze a draft as the next version for its period, filters and audience."""
    if not _may_make_digests(actor):
        raise NotAllowed("publish digests")
    if digest.status != DRAFT:
        raise InvalidTransition("only drafts can be published")
    latest = db.scalar(
        select(func.max(Digest.version)).where(
            Digest.spec_key == digest.spec_key,
            Digest.audience == digest.audience,
            Digest.status == PUBLISHED,
        )
    )
    content = {**json.loads(digest.content), "version": (latest or 0) + 1}
    digest.version = content["version"]
    digest.content = digest_json(content)
    digest.sha256 = digest_sha256(content)
    digest.status = PUBLISHED
    digest.published_at = utcnow()
    record_audit(db, actor, "publish_digest", digest.public_id, reason=f"version {digest.version}")
    return digest


def readable_digests(db: Session, role: Role | None, drafts: bool = False) -> list[Digest]:
    """Published digests this role may read (or, for digest makers, drafts), newest first."""
    if drafts and role not in DIGEST_MAKERS:
        return []
    query = select(Digest).where(Digest.audience.in_(audiences_for(role)))
    if drafts:
        query = query.where(Digest.status == DRAFT).order_by(Digest.created_at.desc())
    else:
        query = query.where(Digest.status == PUBLISHED).order_by(Digest.published_at.desc())
    return list(db.scalars(query.limit(200)))


def find_readable(db: Session, public_id: str, role: Role | None) -> Digest | None:
    """A digest this role may read: published for its audience, or any other for digest makers."""
    digest = db.scalar(select(Digest).where(Digest.public_id == public_id))
    if digest is None or digest.audience not in audiences_for(role):
        return None
    if digest.status != PUBLISHED and role not in DIGEST_MAKERS:
        return None
    return digest


def other_versions(db: Session, digest: Digest) -> list[Digest]:
    """Every published version for the same period, filters and audience, newest first."""
    return list(
        db.scalars(
            select(Digest)
            .where(
                Digest.spec_key == digest.spec_key,
                Digest.audience == digest.audience,
                Digest.status == PUBLISHED,
            )
            .order_by(Digest.version.desc())
        )
    )
