"""Slides laid out by headless Chromium at 1280 x 720 (boxes that overflow, chart text size)
and on a phone 390 px wide (read one under the other)."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from analysis.outputs.slides import SLIDE_LABEL_PX

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _measured(html_path: Path, script: str = "slide_boxes.js", window: str = "1280,720") -> dict:
    """What ``script`` measures of the slides laid out by headless Chromium in a window of
    ``window`` pixels (default: every slide's element boxes at 1280 x 720)."""
    probe = html_path.with_name("measured.html")
    code = Path(__file__).with_name(script).read_text()
    probe.write_text(html_path.read_text().replace("</body>", f"<script>{code}</script></body>"))
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={window}",
         "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    return json.loads(html.unescape(
        re.search(r'<pre id="measured">(.*?)</pre>', dom, flags=re.S).group(1)))


def _smallest_svg_text(uri: str) -> tuple[float, float]:
    """Width and smallest text size of an embedded matplotlib SVG, in its own units."""
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    width = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg).group(1))
    sizes = [100 * float(x) for x in re.findall(r"scale\(([\d.]+) -[\d.]+\)", svg)]
    return width, min(sizes)


def slide_layout_problems(html_path: Path) -> list[str]:
    """Every element outside its slide or wider than its box, and every chart whose smallest
    text is shown under SLIDE_LABEL_PX."""
    measured = _measured(html_path)
    problems = [f"slide {slide}: {what}: {element}"
                for slide, what, element in measured["overflow"]]
    images = re.findall(r'<img src="(data:image/svg\+xml;base64,[^"]+)"', html_path.read_text())
    assert len(images) == len(measured["images"]) >= 4
    for uri, (slide, shown_px, _) in zip(images, measured["images"], strict=True):
        width, smallest = _smallest_svg_text(uri)
        if smallest * shown_px / width < SLIDE_LABEL_PX - 0.5:
            problems.append(f"slide {slide}: chart text {smallest * shown_px / width:.1f} px")
    return problems


def phone_layout_problems(html_path: Path) -> list[str]:
    """On a screen 390 px wide: the deck mode off, nothing wider than the screen (a ranking
    table scrolls sideways), no text under 12 px."""
    measured = _measured(html_path, "slide_narrow.js", "390,844")
    problems = [f"{what}: {element}" for what, element in measured["problems"]]
    if measured["deck"]:
        problems.append("shown as a deck of scaled slides")
    if measured["width"] > measured["screen"]:
        problems.append(f"page {measured['width']} px wide on a {measured['screen']} px screen")
    return problems
