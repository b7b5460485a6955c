from challenges import branches
from challenges.models import BranchLinkDay, Contribution, Role
from tests.fixtures.accounts import create_contribution
from tests.fixtures.branches import ADMIN, make_branch
from tests.fixtures.pages import error_summary, parse, submit_form, text_of

POST = {"challenge": "5", "title": "Pay", "body": "Pay has not kept up.", "count_for_branch": "y"}


def _rep_of(db, signed_in_as, branch):
    rep = signed_in_as(Role.WORKER)
    branches.invite_rep(db, ADMIN, branch, rep.account.user.email)
    db.commit()
    return rep


def test_the_campaign_page_counts_starts_and_offers_consent_unticked(db, client):
    branch = make_branch(db, "Northtown Health")
    soup = parse(client.get(f"/b/{branch.slug}"))
    assert "Take part" in text_of(soup.select_one("main"))
    assert client.get(f"/b/{branch.slug}/start").location == "/account/register"
    assert db.query(BranchLinkDay).one().starts == 1


def test_a_worker_from_the_link_chooses_whether_to_count_towards_the_branch(db, signed_in_as):
    branch = make_branch(db, "Northtown Health")
    worker = signed_in_as(Role.WORKER)
    worker.get(f"/b/{branch.slug}/start")
    box = parse(worker.get("/contribute")).select_one("input[name=count_for_branch]")
    assert box is not None and not box.has_attr("checked")
    assert "Northtown Health" in text_of(box.find_parent("div"))
    submit_form(worker, "/contribute", POST)
    submit_form(worker, "/contribute", {**POST, "count_for_branch": ""})
    attributed = [c.branch_id for c in db.query(Contribution).order_by(Contribution.id)]
    assert attributed == [branch.id, None]
    assert db.query(BranchLinkDay).one().posts == 1


def test_people_who_did_not_come_from_a_link_are_not_asked(signed_in_as):
    assert (
        parse(signed_in_as(Role.WORKER).get("/contribute")).select_one(
            "input[name=count_for_branch]"
        )
        is None
    )


def test_reps_see_only_their_own_branches_toolkit(db, signed_in_as):
    mine, other = make_branch(db, "Mine"), make_branch(db, "Other")
    rep = _rep_of(db, signed_in_as, mine)
    soup = parse(rep.get(f"/branch/{mine.slug}/toolkit"))
    assert f"/b/{mine.slug}" in text_of(soup.select_one("#campaign-link"))
    for path in ("toolkit", "campaign", "dashboard", "dashboard.csv", "qr.svg", "poster.pdf"):
        assert rep.get(f"/branch/{other.slug}/{path}").status_code == 404, path


def test_the_toolkit_downloads_qr_codes_and_a_poster(db, signed_in_as):
    branch = make_branch(db)
    rep = _rep_of(db, signed_in_as, branch)
    svg = rep.get(f"/branch/{branch.slug}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert rep.get(f"/branch/{branch.slug}/qr.png").data.startswith(b"\x89PNG")
    pdf = rep.get(f"/branch/{branch.slug}/poster.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_reps_edit_their_campaign(db, signed_in_as, client):
    branch = make_branch(db)
    rep = _rep_of(db, signed_in_as, branch)
    url = f"/branch/{branch.slug}/campaign"
    soup = parse(submit_form(rep, url, {"message": "x" * 1001}))
    assert error_summary(soup) == ["Keep it to 1,000 characters"]
    submit_form(rep, url, {"message": "Pay and training, please.", "challenges": ["5", "3"]})
    page = text_of(parse(client.get(f"/b/{branch.slug}")))
    assert "Pay and training, please." in page and "Our branch's focus" in page


def test_admins_add_unions_branches_and_invite_reps(db, signed_in_as):
    admin = signed_in_as(Role.ADMIN)
    submit_form(admin, "/admin/unions", {"name": "RCN"}, form_url="/admin/branches")
    union = branches.all_unions(db)[0]
    soup = parse(
        submit_form(
            admin,
            "/admin/branches",
            {"union": str(union.id), "name": "", "region": "london"},
            form_url="/admin/branches",
        )
    )
    assert error_summary(soup) == ["Enter the branch's name"]
    submit_form(
        admin,
        "/admin/branches",
        {"union": str(union.id), "name": "London Nursing", "region": "london"},
        form_url="/admin/branches",
    )
    branch = branches.branches_in_union(db, union)[0]
    submit_form(
        admin,
        "/admin/branches/invite",
        {"branch": str(branch.id), "email": "rep@example.org"},
        form_url="/admin/branches",
    )
    assert "London Nursing" in text_of(parse(admin.get("/admin/branches")))


def test_dashboards_never_show_contribution_text(db, signed_in_as):
    branch = make_branch(db)
    rep = _rep_of(db, signed_in_as, branch)
    for _ in range(12):
        create_contribution(db, publish=True, branch_id=branch.id, body="A very secret sentence.")
    html = rep.get(f"/branch/{branch.slug}/dashboard").get_data(as_text=True)
    assert "A very secret sentence." not in html
    csv = rep.get(f"/branch/{branch.slug}/dashboard.csv").get_data(as_text=True)
    assert "A very secret sentence." not in csv and csv.startswith("table,row,column,value")
