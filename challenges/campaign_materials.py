"""Printable and shareable materials that union reps use to bring members to the portal."""

import io
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer

from challenges.catalogue import CHALLENGES

HEADLINE = "Tell the government what your working life is really like"
ANONYMITY_PROMISE = "Anonymous: nothing you post can be traced back to you"
PUBLISHER = "Department of Health and Social Care"

# GOV.UK's text colour: near-black rather than pure black, as on the portal itself.
DARK = "#0b0c0c"
LIGHT = "#ffffff"

# The strictest of X, Bluesky and Mastodon, counting the URL at its full length because only X
# and Mastodon shorten links when counting.
SOCIAL_POST_LIMIT = 280
WHATSAPP_MESSAGE_LIMIT = 300

QR_SIZE = 80 * mm
PAGE_MARGIN = 15 * mm


def _qr_code(url: str) -> segno.QRCode:
    # make_qr rather than make: a Micro QR code is too small for a poster and many phone
    # cameras cannot read one.
    return segno.make_qr(url, error="q")


def _qr_bytes(url: str, **options) -> bytes:
    buffer = io.BytesIO()
    _qr_code(url).save(buffer, dark=DARK, light=LIGHT, border=4, **options)
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    """A QR code for url as SVG, with a title that screen readers announce."""
    # A unit makes segno add a viewBox, so the code scales with whatever box it is placed in.
    return _qr_bytes(url, kind="svg", scale=10, unit="px", title=f"QR code for {url}")


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code for url as PNG, each module scale pixels square."""
    return _qr_bytes(url, kind="png", scale=scale)


def _poster_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Helvetica", fontSize=14, leading=19, textColor=DARK)
    return {
        "headline": ParagraphStyle(
            "headline", base, fontName="Helvetica-Bold", fontSize=32, leading=37, spaceAfter=12
        ),
        "from": ParagraphStyle("from", base, fontName="Helvetica-Bold", fontSize=16, leading=21),
        "body": ParagraphStyle("message", base, spaceBefore=10, spaceAfter=10),
        "heading": ParagraphStyle("heading", base, fontName="Helvetica-Bold", spaceBefore=4),
        "challenge": ParagraphStyle("challenge", base, fontSize=12, leading=16, leftIndent=6 * mm),
        "promise": ParagraphStyle(
            "promise",
            base,
            fontName="Helvetica-Bold",
            fontSize=16,
            leading=21,
            borderColor=colors.HexColor(DARK),
            borderWidth=2,
            borderPadding=6,
            spaceBefore=16,
            spaceAfter=14,
        ),
        "url": ParagraphStyle("url", base, fontName="Helvetica-Bold", alignment=TA_CENTER),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph reads its text as markup, so a rep's "&" or "<" would otherwise break the poster.
    # Line breaks the rep typed are kept, since Paragraph would fold them into spaces.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _poster_story(branch_name: str, union_name: str, message: str, url: str) -> list:
    styles = _poster_styles()
    return [
        _paragraph(HEADLINE, styles["headline"]),
        _paragraph(f"From {branch_name}, {union_name}", styles["from"]),
        _paragraph(message, styles["body"]),
        _paragraph("You can write about any of these six areas:", styles["heading"]),
        *(
            _paragraph(f"{challenge.number}. {challenge.title}", styles["challenge"])
            for challenge in CHALLENGES
        ),
        _paragraph(ANONYMITY_PROMISE, styles["promise"]),
        Image(io.BytesIO(qr_png(url)), width=QR_SIZE, height=QR_SIZE),
        Spacer(0, 2 * mm),
        _paragraph(url, styles["url"]),
    ]


def poster_pdf(branch_name: str, union_name: str, message: str, url: str) -> bytes:
    """A one-page A4 poster inviting members to post, with a QR code linking to url."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title=HEADLINE,
        author=PUBLISHER,
        subject=f"{branch_name}, {union_name}",
        lang="en-GB",
    )
    story = _poster_story(branch_name, union_name, message, url)
    # A long message or URL shrinks the whole poster rather than spilling onto a second page.
    one_page = KeepInFrame(document.width, document.height, story, mode="shrink")
    document.build([one_page])
    return buffer.getvalue()


def _shorten(text: str, limit: int) -> str:
    """text cut at a word boundary to at most limit characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def _email(branch_name: str, union_name: str, message: str, url: str) -> str:
    return (
        f"Subject: {HEADLINE}\n"
        "\n"
        "Hello,\n"
        "\n"
        f"{message.strip()}\n"
        "\n"
        f"The {PUBLISHER} wants to hear from people who work in health and social care about "
        "what their working lives are really like. You can tell them on its website. It takes "
        "a few minutes and it is anonymous: nothing you post can be traced back to you.\n"
        "\n"
        f"{url}\n"
        "\n"
        "Thank you,\n"
        f"{branch_name}, {union_name}\n"
    )


def _whatsapp(branch_name: str, message: str, url: str) -> str:
    return (
        "Hi all,\n"
        "\n"
        f"{_shorten(message, WHATSAPP_MESSAGE_LIMIT)}\n"
        "\n"
        "You can tell the government what your working life is really like. It's anonymous "
        f"and takes a few minutes: {url}\n"
        "\n"
        f"{branch_name}"
    )


def _social(branch_name: str, message: str, url: str) -> str:
    # The URL is the point of the post, so the branch name and message give way to it.
    ending = f"\n\nIt's anonymous and takes a few minutes: {url}"
    lead = _shorten(f"{branch_name}: {message}", SOCIAL_POST_LIMIT - len(ending))
    return lead + ending if lead else ending.strip()


def share_texts(branch_name: str, union_name: str, message: str, url: str) -> dict[str, str]:
    """Ready-to-send texts for email, WhatsApp and social media, each linking to url."""
    return {
        "email": _email(branch_name, union_name, message, url),
        "whatsapp": _whatsapp(branch_name, message, url),
        "social": _social(branch_name, message, url),
    }
