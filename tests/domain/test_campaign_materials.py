import io
import struct
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pypdf import PdfReader

from challenges.campaign_materials import poster_pdf, qr_png, qr_svg, share_texts

URL = "https://example.gov.uk/branches/st-marys-unison"
BRANCH = "St Mary’s Hospital Health Branch"
UNION = "UNISON"
MESSAGE = (
    "Short staffing & missed breaks <every> shift: tell them about it, café staff too “please”."
)
LONG_BRANCH = "The Greater Northshire Community, Mental Health and Social Care Services Branch " * 3
LONG_MESSAGE = ("We need you to tell the government about rotas, breaks & pay. " * 20)[:1000]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
A4_POINTS = (595.276, 841.89)  # 210 x 297 mm


def png_size(png: bytes) -> tuple[int, int]:
    # IHDR is always the first chunk: 4 bytes length, 4 bytes type, then width and height.
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def svg_title(svg: bytes) -> str:
    root = ET.fromstring(svg)  # noqa: S314 -- our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    return root.find(f"{SVG}title").text


def pdf_text(reader: PdfReader) -> str:
    # Extraction breaks lines where the poster wraps them, so compare with spaces only.
    return " ".join(reader.pages[0].extract_text().split())


def test_svg_is_xml_with_an_svg_root_and_a_title_naming_the_url():
    assert svg_title(qr_svg(URL)) == f"QR code for {URL}"


def test_svg_title_escapes_markup_in_the_url():
    url = "https://example.gov.uk/?a=1&b=<2>"

    assert svg_title(qr_svg(url)) == f"QR code for {url}"


def test_png_is_a_square_png_that_grows_with_the_scale():
    png = qr_png(URL)
    width, height = png_size(png)

    assert png.startswith(PNG_SIGNATURE)
    assert width == height
    assert png_size(qr_png(URL, scale=20)) == (2 * width, 2 * height)


def test_png_has_a_quiet_zone_of_four_modules():
    # A version 1 code is 21 modules wide; the rest is four modules of quiet zone on each side.
    assert png_size(qr_png("a", scale=1)) == (21 + 2 * 4, 21 + 2 * 4)


def test_png_decodes_with_white_quiet_zone_and_near_black_modules():
    scale = 10
    image = Image.open(io.BytesIO(qr_png(URL, scale=scale))).convert("RGB")
    quiet_zone = 4 * scale

    assert image.getpixel((0, 0)) == (255, 255, 255)
    # The top-left finder pattern starts where the quiet zone ends.
    assert image.getpixel((quiet_zone, quiet_zone)) == (0x0B, 0x0C, 0x0C)


@pytest.fixture(scope="module")
def poster():
    return PdfReader(io.BytesIO(poster_pdf(BRANCH, UNION, MESSAGE, URL)))


def test_poster_is_a_single_a4_page(poster):
    (page,) = poster.pages
    box = page.mediabox

    assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.01)


def test_poster_starts_as_a_pdf():
    assert poster_pdf(BRANCH, UNION, MESSAGE, URL).startswith(b"%PDF")


def test_poster_shows_the_branch_union_url_and_message_with_markup_characters(poster):
    text = pdf_text(poster)

    for expected in (BRANCH, UNION, URL, MESSAGE, "Anonymous: nothing you post can be traced"):
        assert expected in text


def test_poster_lists_the_six_challenge_areas(poster):
    text = pdf_text(poster)

    assert "1. Feeling empowered" in text
    assert "6. How can we measure success?" in text


def test_poster_metadata_names_the_department(poster):
    assert poster.metadata.author == "Department of Health and Social Care"
    assert poster.metadata.title == "Tell the government what your working life is really like"


def test_a_long_message_and_branch_name_still_fit_on_one_page():
    reader = PdfReader(io.BytesIO(poster_pdf(LONG_BRANCH, UNION, LONG_MESSAGE, URL)))

    assert len(reader.pages) == 1
    assert URL in pdf_text(reader)


def test_every_share_text_links_to_the_portal_and_says_it_is_anonymous():
    for text in share_texts(BRANCH, UNION, MESSAGE, URL).values():
        assert URL in text
        assert "anonymous" in text


def test_email_starts_with_a_subject_line():
    email = share_texts(BRANCH, UNION, MESSAGE, URL)["email"]

    assert email.startswith("Subject: ")
    assert MESSAGE in email


def test_short_social_post_keeps_the_whole_message():
    social = share_texts(BRANCH, UNION, MESSAGE, URL)["social"]

    assert MESSAGE in social
    assert len(social) <= 280


def test_long_social_post_cuts_the_message_and_keeps_the_url():
    social = share_texts(LONG_BRANCH, UNION, LONG_MESSAGE, URL)["social"]

    assert len(social) <= 280
    assert social.endswith(URL)
    assert "…" in social


def test_whatsapp_message_stays_short_for_a_long_message():
    whatsapp = share_texts(BRANCH, UNION, LONG_MESSAGE, URL)["whatsapp"]

    assert len(whatsapp) < len(LONG_MESSAGE)
    assert URL in whatsapp
