"""Render the review page and the audit page in headless Chromium for the README.

    python scripts/screenshots.py            # writes docs/img/review.png, docs/img/audit.png

Builds the pages from corpus/docs (nothing leaves the machine), installs
Debian's ``chromium`` with apt-get when it is missing, takes a 1400x1000
screenshot of each and shrinks the PNGs to a palette when they exceed
300 KB, so they are commit-sized.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "img"
MAX_BYTES = 300_000
REVIEW_DOC = ROOT / "corpus" / "docs" / "kh-74-ubnd-chi-lang-2024.txt"


def chromium() -> str:
    """The chromium binary, installed from Debian's archive if needed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    sudo = [] if shutil.os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "chromium"], check=True,
                   env={**shutil.os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("chromium") or sys.exit("chromium did not install")


def pages(tmp: Path) -> dict[str, Path]:
    """Write review.html and audit.html into ``tmp``."""
    from extractor.index.audit import audit
    from extractor.index.audit_html import render_audit_html
    from extractor.index.store import connect, index_results
    from extractor.pipeline import extract
    from extractor.review import render_review

    # relative paths, as a user in the repository would type them
    docs = sorted(p.relative_to(ROOT) for p in (ROOT / "corpus" / "docs").iterdir()
                  if p.suffix in (".txt", ".md"))
    results = {p: extract(p) for p in docs}
    review = tmp / "review.html"
    review.write_text(render_review(results[REVIEW_DOC.relative_to(ROOT)]), encoding="utf-8")
    conn = connect(tmp / "plans.sqlite")
    index_results(conn, [r.to_dict() for r in results.values()])
    page = tmp / "audit.html"
    page.write_text(render_audit_html(conn, audit(conn, as_of="2025-01-01")), encoding="utf-8")
    return {"review": review, "audit": page}


def shoot(browser: str, page: Path, png: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1400,1000",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    if png.stat().st_size > MAX_BYTES:
        from PIL import Image

        Image.open(png).convert("RGB").quantize(colors=128).save(png, optimize=True)


def main() -> int:
    shutil.os.chdir(ROOT)
    browser = chromium()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, page in pages(Path(tmp)).items():
            png = OUT / f"{name}.png"
            shoot(browser, page, png)
            size = png.stat().st_size
            print(f"{png.relative_to(ROOT)}: {size / 1000:.0f} KB")
            if size > MAX_BYTES:
                print(f"{png}: still over {MAX_BYTES // 1000} KB", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
