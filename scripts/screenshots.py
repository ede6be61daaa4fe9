"""The README's screenshots, taken from a running Tutela with the demo data (`make demo`, or
`tutela demo`) and saved, optimised, to docs/images/.

    TUTELA_HOME=var .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000]

It signs in as the demo accounts (passwords from TUTELA_HOME/demo-credentials.txt) through
the login form, in Debian's Chromium driven by Playwright (as tests/browser/ does).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

CHECKOUT = Path(__file__).resolve().parents[1]
IMAGES = CHECKOUT / "docs" / "images"
CHROMIUM = os.environ.get("TUTELA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The page's Content-Security-Policy forbids the string scripts Playwright waits with.
DESKTOP = {"viewport": {"width": 1366, "height": 860}, "device_scale_factor": 1, "bypass_csp": True}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "bypass_csp": True,
}
MTSKHETA = {"center": [44.7195, 41.8430], "zoom": 13.2}


def credentials(home: Path) -> dict[str, str]:
    stored = (home / "demo-credentials.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in stored if " " in line)


def save(png: bytes, name: str, colours: int = 256) -> None:
    """A PNG of a few hundred kilobytes at most: a palette of ``colours`` and zlib's best."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > 1400:  # a phone's shot at twice its size stays sharp at 1x
        image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    small = image.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = IMAGES / f"{name}.png"
    small.save(path, optimize=True)
    print(
        f"{path.relative_to(CHECKOUT)}: {image.width}×{image.height}, {path.stat().st_size:,} bytes"
    )


def signed_in(browser: Browser, base: str, username: str, password: str, **context) -> Page:
    page = browser.new_context(locale="en", **context).new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    if "/login/" in page.url:
        raise SystemExit(f"Could not sign in as {username}; is this the demo database?")
    return page


def settled_map(page: Page) -> None:
    page.wait_for_selector("[data-ready=true]")
    page.wait_for_function("window.tutelaMap && window.tutelaMap.loaded()")
    page.wait_for_function("!window.tutelaMap.isMoving() && window.tutelaMap.areTilesLoaded()")
    page.wait_for_timeout(1500)  # the clusters' markers and the list beside the map


def site_page(page: Page, base: str, name: str, prefix: str = "") -> str:
    """The address of the first site the list finds by ``name``."""
    page.goto(f"{base}{prefix}/sites/?q={name}")
    return page.locator("table.sites tbody a").first.get_attribute("href") or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--home", default=os.environ.get("TUTELA_HOME", str(CHECKOUT / "var")))
    options = parser.parse_args()
    base = options.base.rstrip("/")
    accounts = credentials(Path(options.home))
    IMAGES.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        visitor = browser.new_context(locale="en", **DESKTOP).new_page()
        visitor.set_default_timeout(60_000)
        visitor.goto(f"{base}/")
        settled_map(visitor)
        visitor.evaluate("view => window.tutelaMap.jumpTo(view)", MTSKHETA)
        settled_map(visitor)
        save(visitor.screenshot(), "map-mtskheta")

        cathedral = site_page(visitor, base, "Svetitskhoveli")
        visitor.goto(base + cathedral)
        settled_map(visitor)
        save(visitor.screenshot(full_page=True), "site-page")

        visitor.goto(f"{base}/ka/sites/")
        save(visitor.screenshot(), "site-list-georgian")

        phone = browser.new_context(locale="en", **PHONE).new_page()
        phone.set_default_timeout(60_000)
        phone.goto(base + cathedral)
        settled_map(phone)
        save(phone.screenshot(), "site-page-phone")

        assessor = signed_in(browser, base, "assessor", accounts["assessor"], **DESKTOP)
        assessor.goto(f"{base}{cathedral}assess/")
        assessor.locator("main form button[type=submit]").last.click()
        assessor.wait_for_selector(".error-summary")
        save(assessor.screenshot(), "assessment-form-errors")

        reviewer = signed_in(browser, base, "reviewer", accounts["reviewer"], **DESKTOP)
        reviewer.goto(f"{base}/review/")
        save(reviewer.screenshot(), "review-queue")
        browser.close()


if __name__ == "__main__":
    main()
