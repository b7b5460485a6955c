"""Saving, publishing and reading digests.

A published digest is an immutable snapshot: its content is stored as built, with a version
number (counting up for the same period, filters and audience) and the SHA-256 of its canonical
JSON, which is shown on it so that any copy can be checked against the original.
"""

import hashlib
import json
import secrets
from dataclasses import asdict

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


def _may_make_digests(actor: Actor) -> bool:
    # The scheduled build (cron, through the CLI) acts as the service itself.
    return actor.role in DIGEST_MAKERS or actor.kind == SYSTEM


def spec_json(spec: DigestSpec) -> str:
    """The period and filters as canonical JSON."""
    return json.dumps(asdict(spec), sort_keys=True, default=str, separators=(",", ":"))


def _spec_key(spec: DigestSpec) -> str:
    without_title = {k: v for k, v in json.loads(spec_json(spec)).items() if k != "title"}
    return hashlib.sha256(json.dumps(without_title, sort_keys=True).encode()).hexdigest()


def audiences_for(role: Role | None) -> list[str]:
    """The audiences whose digests someone with this role may read."""
    return [name for name, readers in _READERS.items() if readers is None or role in readers]


def save_draft(db: Session, actor: Actor, spec: DigestSpec, audience: str, content: dict) -> Digest:
    """Keep a built digest as a draft, to read again before publishing."""
    if not _may_make_digests(actor):
        raise NotAllowed("make digests")
    if audience not in AUDIENCES:
        raise InvalidTransition("unknown audience")
    digest = Digest(
        public_id=secrets.token_urlsafe(9),
        title=content["title"][:200],
        audience=audience,
        status="draft",
        spec_key=_spec_key(spec),
        spec=spec_json(spec),
        content=digest_json(content),
        created_at=utcnow(),
        created_by_user_id=actor.user_id,
    )
    db.add(digest)
    db.flush()
    record_audit(db, actor, "save_digest_draft", digest.public_id)
    return digest


def publish(db: Session, actor: Actor, digest: Digest) -> Digest:
    """Freeze a draft as the next version for its period, filters and audience."""
    if not _may_make_digests(actor):
        raise NotAllowed("publish digests")
    if digest.status != "draft":
        raise InvalidTransition("only drafts can be published")
    latest = db.scalar(
        select(func.max(Digest.version)).where(
            Digest.spec_key == digest.spec_key,
            Digest.audience == digest.audience,
            Digest.status == "published",
        )
    )
    content = {**json.loads(digest.content), "version": (latest or 0) + 1}
    digest.version = content["version"]
    digest.content = digest_json(content)
    digest.sha256 = digest_sha256(content)
    digest.status = "published"
    digest.published_at = utcnow()
    record_audit(db, actor, "publish_digest", digest.public_id, reason=f"version {digest.version}")
    return digest


def readable_digests(db: Session, role: Role | None, drafts: bool = False) -> list[Digest]:
    """Published digests this role may read (or, for digest makers, drafts), newest first."""
    if drafts and role not in DIGEST_MAKERS:
        return []
    query = select(Digest).where(Digest.audience.in_(audiences_for(role)))
    if drafts:
        query = query.where(Digest.status == "draft").order_by(Digest.created_at.desc())
    else:
        query = query.where(Digest.status == "published").order_by(Digest.published_at.desc())
    return list(db.scalars(query.limit(200)))


def find_readable(db: Session, public_id: str, role: Role | None) -> Digest | None:
    """A digest this role may read: published for its audience, or a draft for digest makers."""
    digest = db.scalar(select(Digest).where(Digest.public_id == public_id))
    if digest is None or digest.audience not in audiences_for(role):
        return None
    if digest.status == "draft" and role not in DIGEST_MAKERS:
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
                Digest.status == "published",
            )
            .order_by(Digest.version.desc())
        )
    )
