"""What the simulated people do, how their accounts and content are set up, and the checks on
the database afterwards. Shared by the load test and the database-outage test."""

import random
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from challenges import accounts, anonymity
from challenges.anonymity import KdfCost
from challenges.catalogue import CHALLENGES
from challenges.contributions import Draft, submit_contribution
from challenges.lifecycle import Actor, change_status
from challenges.models import AuditEvent, Contribution, Endorsement, Kind, Role, Status, User
from tests.load.client import Browser, Reply, Tally, csrf_token, hidden_value, percentile

PASSWORD = "a long enough load test passphrase"
# Cheap, as in the other tests; the app under gunicorn is given the same cost through
# ARGON2_TIME_COST and ARGON2_MEMORY_KIB, or nobody could sign in.
KDF_COST = KdfCost(time_cost=1, memory_kib=1024, parallelism=1)
HIGH_LIMIT = "1000000 per minute"


def app_environment(database_url: str) -> dict[str, str]:
    """Production settings behind one TLS-terminating proxy, with limits out of the way."""
    limits = (
        "API_RATE_LIMIT",
        "POST_RATE_LIMIT",
        "COMMENT_RATE_LIMIT",
        "ENDORSE_RATE_LIMIT",
        "REPORT_RATE_LIMIT",
        "REGISTER_RATE_LIMIT",
        "SIGN_IN_RATE_LIMIT",
        "SIGN_IN_CALLER_RATE_LIMIT",
        "MAIL_RATE_LIMIT",
    )
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "PROXY_COUNT": "1",
        "ARGON2_TIME_COST": str(KDF_COST.time_cost),
        "ARGON2_MEMORY_KIB": str(KDF_COST.memory_kib),
        "MAIL_BACKEND": "memory",
        "REDIS_URL": "",
        **dict.fromkeys(limits, HIGH_LIMIT),
    }


@dataclass
class Person:
    """A test account with its author secret, and what its browser saw the server accept."""

    number: int
    email: str
    author_secret: bytes
    accepted_posts: list[str] = field(default_factory=list)
    # Each refused post's marker, with the status that refused it (0: no answer).
    refused_posts: dict[str, int] = field(default_factory=dict)
    # The form each refused post sent, to send again as a person would once the service is back.
    refused_forms: dict[str, dict[str, str]] = field(default_factory=dict)
    # The endorse button state each contribution page last showed this person.
    endorsed: dict[str, bool] = field(default_factory=dict)


@dataclass
class Seeded:
    people: list[Person]
    published: list[str]


def seed(engine, people: int, published: int) -> Seeded:
    """Create the accounts and some published contributions to endorse, straight in the DB."""
    moderator = Actor(role=Role.MODERATOR, user_id=None)
    made: list[Person] = []
    public_ids: list[str] = []
    with Session(engine) as db:
        author, _code = accounts.create_account(
            db, "seed-author@example.org", PASSWORD, Role.WORKER, KDF_COST
        )
        for n in range(published):
            challenge = CHALLENGES[n % len(CHALLENGES)].number
            draft = Draft(challenge, f"Seeded contribution {n}", "We need more staff on nights.")
            contribution = submit_contribution(db, author, draft)
            change_status(db, contribution, "publish", moderator)
            public_ids.append(contribution.public_id)
        for n in range(people):
            email = f"load{n}@example.org"
            signed_in, _code = accounts.create_account(db, email, PASSWORD, Role.WORKER, KDF_COST)
            made.append(Person(n, email, signed_in.author_secret))
        db.commit()
    return Seeded(made, public_ids)


class Visitor:
    """Drives one person's browser through the things people do on the portal."""

    def __init__(self, person: Person, browser: Browser, run: str, published: list[str]):
        self.person = person
        self.browser = browser
        self.run = run
        self.published = published
        self.rng = random.Random(f"{run}-{person.number}")
        self.posts = 0

    def sign_in(self) -> bool:
        _page, reply = self.browser.submit(
            "sign_in",
            "/account/sign-in",
            "/account/sign-in",
            {"email": self.person.email, "password": PASSWORD},
        )
        return reply is not None and reply.status == 302

    def post(self) -> Reply | None:
        """Post a contribution carrying a unique marker; sometimes a second from another tab."""
        second_tab = None
        if self.rng.random() < 0.1:
            # Two tabs sending at the same moment: both posts must stay in the author's vault.
            second_tab = threading.Thread(target=self._send_post, args=(self._next_marker(),))
            second_tab.start()
        reply = self._send_post(self._next_marker())
        if second_tab is not None:
            second_tab.join()
        return reply

    def _next_marker(self) -> str:
        self.posts += 1
        return f"lt-{self.run}-c{self.person.number}-n{self.posts}"

    def _send_post(self, marker: str) -> Reply | None:
        """Send one contribution; remember whether it was accepted."""
        page = self.browser.get("post_form", "/contribute")
        if page.status != 200:
            return None
        form = {
            "csrf_token": csrf_token(page.body) or "",
            "submission": hidden_value(page.body, "submission") or "",
            "challenge": str(self.rng.choice(CHALLENGES).number),
            "title": "Short staffed again",
            "body": f"We were two people short tonight and nobody came. Ref {marker}.",
        }
        return self._send_form(marker, form)

    def _send_form(self, marker: str, form: dict[str, str]) -> Reply:
        reply = self.browser.request(
            "post", "POST", "/contribute", form=form, referer="/contribute"
        )
        if reply.status == 302 and reply.redirected_to == "/my-contributions":
            self.person.accepted_posts.append(marker)
            self.person.refused_posts.pop(marker, None)
            # A browser follows the redirect to the list of its own contributions.
            self.browser.get("after_post", "/my-contributions")
        else:
            self.person.refused_posts[marker] = reply.status
            self.person.refused_forms[marker] = form
        return reply

    def send_refused_posts_again(self) -> list[Reply]:
        """Press send again on every post the service refused, with the very same form."""
        return [
            self._send_form(marker, form)
            for marker, form in list(self.person.refused_forms.items())
            if self.person.refused_posts.get(marker) == 503
        ]

    def toggle_endorsement(self) -> Reply | None:
        """Open a published contribution and press its button (endorse, or take back)."""
        public_id = self.rng.choice(self.published)
        path = f"/contributions/{public_id}"
        page = self.browser.get("view", path)
        if page.status != 200:
            return None
        self._note_endorsed(public_id, page)
        action = re.search(rf'action="({re.escape(path)}/endorse(?:/remove)?)"', page.body)
        if action is None:
            return None
        kind = "take_back" if action.group(1).endswith("/remove") else "endorse"
        form = {"csrf_token": csrf_token(page.body) or "", "next": path}
        double_click = None
        if kind == "endorse" and self.rng.random() < 0.1:
            # A double click: the same endorsement twice at once must still count once.
            double_click = threading.Thread(
                target=self.browser.request,
                args=("endorse_again", "POST", action.group(1), form, path),
            )
            double_click.start()
        reply = self.browser.request(kind, "POST", action.group(1), form=form, referer=path)
        if double_click is not None:
            double_click.join()
        if reply.status == 302:
            after = self.browser.get("view", reply.redirected_to or path)
            if after.status == 200:
                self._note_endorsed(public_id, after)
        return reply

    def _note_endorsed(self, public_id: str, page: Reply) -> None:
        self.person.endorsed[public_id] = f"{public_id}/endorse/remove" in page.body

    def browse(self) -> Reply:
        if self.rng.random() < 0.5:
            return self.browser.get("browse", "/")
        return self.browser.get("browse", f"/challenges/{self.rng.choice(CHALLENGES).slug}")

    def act(self, weights=(("post", 3), ("endorse", 4), ("browse", 3))) -> None:
        names, chances = zip(*weights, strict=True)
        choice = self.rng.choices(names, chances)[0]
        if choice == "post":
            self.post()
        elif choice == "endorse":
            self.toggle_endorsement()
        else:
            self.browse()


def run_visitors(visitors: list[Visitor], stop: threading.Event, pause: float = 0.0) -> None:
    """Each visitor acts in its own thread until ``stop`` is set; errors end the thread only."""
    failures: list[BaseException] = []

    def loop(visitor: Visitor) -> None:
        try:
            while not stop.is_set():
                visitor.act()
                if pause:
                    time.sleep(pause)
        except BaseException as error:  # a bug here must fail the test, not vanish
            failures.append(error)

    threads = [threading.Thread(target=loop, args=(v,), daemon=True) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [t for t in threads if t.is_alive()], "a client thread did not finish"
    if failures:
        raise failures[0]


# ---- Checks on the database afterwards ------------------------------------------------------


@dataclass
class Findings:
    """What the database holds compared with what the server told the clients."""

    accepted: int
    lost: list[str]
    duplicated: list[str]
    # Posts the client saw refused (an error page) that were stored all the same, with the status
    # that refused them: possible only when the database went down between committing and
    # answering, so the app could not know whether the commit had happened.
    refused_but_stored: dict[str, int]
    stored_unknown: list[str]
    vault_mismatches: list[str]
    missing_audit: list[str]
    count_mismatches: list[str]
    # Published without a publication time or without the audit event that published it.
    published_incomplete: list[str]


def check_database(engine, run: str, people: list[Person]) -> Findings:
    marker = re.compile(rf"lt-{re.escape(run)}-c\d+-n\d+")
    with Session(engine) as db:
        rows = db.execute(
            select(Contribution.public_id, Contribution.body).where(
                Contribution.body.like(f"%lt-{run}-%")
            )
        ).all()
        stored = Counter(found for _, body in rows for found in marker.findall(body))
        public_id_of = {marker.search(body).group(0): pid for pid, body in rows}
        accepted = [m for p in people for m in p.accepted_posts]
        refused = {m: status for p in people for m, status in p.refused_posts.items()}
        lost = [m for m in accepted if stored[m] == 0]
        duplicated = sorted(m for m, n in stored.items() if n > 1)
        refused_but_stored = {m: status for m, status in refused.items() if stored[m]}
        known = set(accepted) | set(refused)
        stored_unknown = sorted(m for m in stored if m not in known)

        # The post, its audit event and its id in the author's vault are one transaction.
        vault_mismatches = []
        users = {u.email: u for u in db.scalars(select(User))}
        for person in people:
            in_vault = set(anonymity.open_vault(person.author_secret, users[person.email].vault))
            mine = {public_id_of[m] for m in stored if m.startswith(f"lt-{run}-c{person.number}-")}
            if in_vault != mine:
                vault_mismatches.append(person.email)
        audited: dict[str, set[str]] = {"submit": set(), "publish": set()}
        for action, public_id in db.execute(
            select(AuditEvent.action, AuditEvent.target_public_id).where(
                AuditEvent.action.in_(audited)
            )
        ):
            audited[action].add(public_id)
        missing_audit = sorted(pid for pid in public_id_of.values() if pid not in audited["submit"])

        # endorsement_count moves in the same transaction as the endorsement rows.
        endorsement_rows = dict(
            db.execute(
                select(Endorsement.contribution_id, func.count()).group_by(
                    Endorsement.contribution_id
                )
            ).all()
        )
        count_mismatches = [
            f"{c.public_id}: count {c.endorsement_count}, rows {endorsement_rows.get(c.id, 0)}"
            for c in db.scalars(select(Contribution))
            if c.endorsement_count != endorsement_rows.get(c.id, 0)
        ]
        published_incomplete = [
            c.public_id
            for c in db.scalars(
                select(Contribution).where(
                    Contribution.status == Status.PUBLISHED, Contribution.kind == Kind.CONTRIBUTION
                )
            )
            if c.published_at is None or c.public_id not in audited["publish"]
        ]
    return Findings(
        accepted=len(accepted),
        lost=lost,
        duplicated=duplicated,
        refused_but_stored=refused_but_stored,
        stored_unknown=stored_unknown,
        vault_mismatches=vault_mismatches,
        missing_audit=missing_audit,
        count_mismatches=count_mismatches,
        published_incomplete=published_incomplete,
    )


def endorsement_rows_by_public_id(engine) -> dict[str, int]:
    with Session(engine) as db:
        return dict(
            db.execute(
                select(Contribution.public_id, func.count(Endorsement.id))
                .outerjoin(Endorsement, Endorsement.contribution_id == Contribution.id)
                .group_by(Contribution.public_id)
            ).all()
        )


def summarise(tally: Tally, seconds: float, findings: Findings) -> dict:
    """The figures for the CI log and the JSON report."""
    replies = tally.replies
    latencies = [r.seconds for r in replies if r.status]
    return {
        "requests": len(replies),
        "seconds": round(seconds, 1),
        "requests_per_second": round(len(replies) / seconds, 1) if seconds else 0.0,
        "by_kind": dict(sorted(Counter(r.kind for r in replies).items())),
        "by_status": {str(k): v for k, v in sorted(Counter(r.status for r in replies).items())},
        "server_errors": sum(1 for r in replies if r.status >= 500),
        "unavailable_503": sum(1 for r in replies if r.status == 503),
        "no_answer": sum(1 for r in replies if r.status == 0),
        "posts_accepted": findings.accepted,
        "lost_posts": len(findings.lost),
        "duplicate_posts": len(findings.duplicated),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
    }


def summary_line(title: str, figures: dict) -> str:
    kinds = " ".join(f"{k}={v}" for k, v in figures["by_kind"].items())
    statuses = " ".join(f"{k}:{v}" for k, v in figures["by_status"].items())
    return (
        f"{title}: {figures['requests']} requests in {figures['seconds']}s "
        f"({figures['requests_per_second']} req/s) [{kinds}] statuses [{statuses}] "
        f"5xx={figures['server_errors']} (of which 503={figures['unavailable_503']}) "
        f"no-answer={figures['no_answer']} "
        f"posts accepted={figures['posts_accepted']} lost={figures['lost_posts']} "
        f"duplicates={figures['duplicate_posts']} "
        f"p50={figures['p50_ms']}ms p95={figures['p95_ms']}ms max={figures['max_ms']}ms"
    )
