"""The web shell: the Flask app factory.

Blueprints, one per audience or job:
- public: the home page, challenges, contributions, and the service's information pages
- account: register, sign in and out, passwords, deleting an account
- contribute: posting, editing and withdrawing one's own contributions
- engage: endorsing contributions and commenting on them
- report: signed-in people reporting published items
- moderate: the moderators' queue, decisions and reports
- admin: service owners' tools (the audit log, themed rounds)
- responses: "You said, we did", official responses by analysts
- feeds: Atom feeds per challenge and for "You said, we did"
- search: full-text search over published contributions and comments
- campaign: union branches' public campaign pages (/b/<slug>)
- branches: reps' toolkits, campaigns and suppressed participation dashboards
- digests: analysts build, preview, save and publish digests; readers see their audience's
- api: the read-only JSON API (/api/v1) for published digests and suppressed statistics
- api_tokens: analysts create and revoke API tokens
- ops: /healthz and /readyz, for load balancers' health and readiness probes
"""

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from config import Config, config_from_environment

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the portal for the given config class (default: from PORTAL_ENV)."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"))
    app.config.from_object(config or config_from_environment())
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("SECRET_KEY must be set in the environment")
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(ROOT / "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    if app.config["PROXY_COUNT"]:
        _trust_proxies(app, app.config["PROXY_COUNT"])
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _trust_proxies(app: Flask, count: int) -> None:
    # Behind a load balancer that ends TLS, the scheme and host come from its X-Forwarded-*
    # headers; trusting exactly the proxies we run keeps a caller from forging them.
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _init_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from portal import (
        action_limits,
        auth,
        cli,
        db,
        errors,
        input_guard,
        logs,
        mail,
        rate_limits,
        security,
        templating,
    )
    from portal.views import api

    # First: its timer starts before, and its request line is written after, every other hook.
    logs.init_app(app)
    db.init_app(app)
    # Before every other request hook, so none of them sees what it refuses.
    input_guard.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    mail.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    rate_limits.init_app(app)
    action_limits.init_app(app)
    # After errors.init_app: it wraps the 404 and 405 pages so the API answers in JSON.
    api.init_app(app)
    cli.init_app(app)
    WTFormsHelpers(app)


def _register_blueprints(app: Flask) -> None:
    from portal.views import (
        account,
        admin,
        api,
        api_tokens,
        branches,
        campaign,
        contribute,
        digests,
        engage,
        feeds,
        moderate,
        ops,
        public,
        report,
        responses,
        search,
    )

    blueprints = (
        ops.bp,
        public.bp,
        account.bp,
        contribute.bp,
        engage.bp,
        report.bp,
        moderate.bp,
        admin.bp,
        responses.bp,
        feeds.bp,
        search.bp,
        campaign.bp,
        branches.bp,
        api.bp,
        api_tokens.bp,
        digests.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
