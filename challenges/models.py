"""SQLAlchemy models.

Anonymity rule for every table that holds something a worker wrote or did: no user id and no
per-user constant. The only bridge from an account to its contributions is the encrypted vault
on the account row, which opens with the author secret (see ``challenges.anonymity``).
"""

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Role(enum.StrEnum):
    WORKER = "worker"
    BRANCH_REP = "branch_rep"
    MODERATOR = "moderator"
    ANALYST = "analyst"
    ADMIN = "admin"


class Status(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    # Reported often enough to be taken down until a moderator reviews it.
    HIDDEN = "hidden"
    REMOVED = "removed"


def _enum(enum_class: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK, so adding a value is a simple migration everywhere.
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


class Kind(enum.StrEnum):
    CONTRIBUTION = "contribution"
    # A reply to a contribution: moderated, reported and audited exactly like one.
    COMMENT = "comment"


class Round(Base):
    """A time-boxed themed question under one challenge; open between its dates, inclusive."""

    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint("challenge_number BETWEEN 1 AND 6", name="challenge_number_range"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        Index("ix_rounds_dates", "opens_on", "closes_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    challenge_number: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(120))
    question: Mapped[str] = mapped_column(String(300))
    background: Mapped[str | None] = mapped_column(Text)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)


class Union(Base):
    """A trade union (UNISON, GMB, RCN, Unite, ...)."""

    __tablename__ = "unions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)


class Branch(Base):
    """A union branch running a campaign that brings members to the portal."""

    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(40))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    campaign_message: Mapped[str] = mapped_column(Text, default="")
    # Challenge numbers the campaign features, as digits, e.g. "35".
    featured_challenges: Mapped[str] = mapped_column(String(6), default="")


class BranchFeaturedRound(Base):
    __tablename__ = "branch_featured_rounds"

    branch_id: Mapped[int] = mapped_column(
        ForeignKey("branches.id", ondelete="CASCADE"), primary_key=True
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )


class BranchRep(Base):
    """A rep's account and the branch they run. Reps act openly for their branch."""

    __tablename__ = "branch_reps"

    branch_id: Mapped[int] = mapped_column(
        ForeignKey("branches.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class BranchInvite(Base):
    """An invitation for an email address to become a branch's rep when it registers."""

    __tablename__ = "branch_invites"

    branch_id: Mapped[int] = mapped_column(
        ForeignKey("branches.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(254), primary_key=True, index=True)


class BranchLinkDay(Base):
    """Per-day counts for a branch link: people who started from it, and posts that followed.

    Counting per day in the database needs no cookie or identifier for anyone.
    """

    __tablename__ = "branch_link_days"

    branch_id: Mapped[int] = mapped_column(
        ForeignKey("branches.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    starts: Mapped[int] = mapped_column(Integer, default=0)
    posts: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    """An account. Holds credentials and the sealed author secret, never contribution ids."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.WORKER)
    # Bumped on sign-out and password change so every existing session stops working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    secret_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    sealed_secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    recovery_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    recovery_sealed_secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    vault: Mapped[bytes] = mapped_column(LargeBinary)


class Contribution(Base):
    """Something a worker told us, under one challenge. Deliberately has no author column."""

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint("challenge_number BETWEEN 1 AND 6", name="challenge_number_range"),
        Index(
            "ix_contributions_public_listing",
            "challenge_number",
            "kind",
            "status",
            "published_at",
            "public_id",
        ),
        Index("ix_contributions_comments", "parent_id", "status", "published_at"),
        Index("ix_contributions_round", "round_id", "status"),
        Index("ix_contributions_branch", "branch_id", "status"),
        CheckConstraint("criticality BETWEEN 0 AND 5", name="criticality_range"),
        Index("ix_contributions_queue", "status", "submitted_at"),
        Index("ix_contributions_queue_challenge", "status", "challenge_number", "submitted_at"),
        Index("ix_contributions_queue_safeguarding", "status", "safeguarding", "submitted_at"),
        Index("ix_contributions_queue_identifying", "status", "identifying_found", "submitted_at"),
        Index("ix_contributions_reported", "report_count", "status"),
        Index("ix_contributions_submission_key", "submission_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[Kind] = mapped_column(_enum(Kind, "kind"), default=Kind.CONTRIBUTION)
    # For a comment, the contribution it replies to (and its challenge number is copied).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE")
    )
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    # Set only when the author ticked "count this towards the branch"; never anything else.
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id", ondelete="SET NULL"))
    challenge_number: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(40))
    staff_group: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(40))
    show_facts: Mapped[bool] = mapped_column(default=False)
    status: Mapped[Status] = mapped_column(_enum(Status, "status"), default=Status.PENDING)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Labels for the moderation queue, set from the text when it is submitted or edited.
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    identifying_found: Mapped[bool] = mapped_column(Boolean, default=False)
    # Moderators' rating of concern, 0 (none) to 5 (severe); never shown publicly.
    criticality: Mapped[int | None] = mapped_column(SmallInteger)
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_rule: Mapped[str | None] = mapped_column(String(40))
    decision_note: Mapped[str | None] = mapped_column(String(500))
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    # Kept in step with the endorsements table by the same transaction, for sorting and listing.
    endorsement_count: Mapped[int] = mapped_column(Integer, default=0)
    # A random key the posting form carried, so the same form sent twice (a double click, a retry
    # after an error page) is stored once. New for every form shown: it names no one.
    submission_key: Mapped[str | None] = mapped_column(String(32))


class Endorsement(Base):
    """'This matters to me'. The endorser is a keyed tag, unique per item only."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("contribution_id", "endorser_tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    # HMAC of the endorser's author secret and this item: one per person, never groupable.
    endorser_tag: Mapped[str] = mapped_column(String(64))


class Response(Base):
    """An official 'You said, we did' response: what was heard, what will change, and when."""

    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint(
            "challenge_number IS NULL OR challenge_number BETWEEN 1 AND 6",
            name="challenge_number_range",
        ),
        Index("ix_responses_published_at", "published_at"),
        Index("ix_responses_challenge", "challenge_number", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    challenge_number: Mapped[int | None] = mapped_column(SmallInteger)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    heard: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)
    timescale: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(DateTime)


class ResponseLink(Base):
    """A contribution a response answers."""

    __tablename__ = "response_links"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Report(Base):
    """Someone's report of a published item. The reporter is a keyed tag, unique per item only."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("contribution_id", "reporter_tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    # HMAC of the reporter's author secret and this item: stops double reports, groups nothing.
    reporter_tag: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(500))
    reported_on: Mapped[date] = mapped_column(Date)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class InboxMessage(Base):
    """A message for whoever wrote a contribution, found only through their own vault."""

    __tablename__ = "inbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(1000))
    sent_on: Mapped[date] = mapped_column(Date)


class AuditEvent(Base):
    """Who did what to which item; an author acting on their own post is only 'author'."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_occurred_at", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    # A contribution's public id, or the slug of a round or branch.
    target_public_id: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(String(500))


class Digest(Base):
    """A digest: a draft, or a published, immutable, versioned snapshot for an audience."""

    __tablename__ = "digests"
    __table_args__ = (
        Index("ix_digests_listing", "status", "audience", "published_at"),
        Index("ix_digests_spec", "spec_key", "audience", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    # The period and filters, as canonical JSON; versions count up per spec and audience.
    spec_key: Mapped[str] = mapped_column(String(64))
    spec: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Analysts act openly: a digest names the staff account that made it.
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class ApiToken(Base):
    """A bearer token for the read-only API, stored only as a hash, with an expiry."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
