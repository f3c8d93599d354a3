"""OCR of page images with tesseract (``lang=vie``), one process per page.

Pipeline per page (``ocr_page``): load the image (a PDF page rendered by
pypdfium2, or the embedded scan at its own resolution; an image file frame)
-> ``prepare`` (flatten uneven light, suppress red/blue seal and stamp ink,
deskew) -> tesseract ``--psm 3`` (fully automatic page segmentation: the
pages are whole documents with a two-column header and signer block) via
``pytesseract.image_to_data`` -> words with confidences -> reading order
(``geometry.reading_order``, so header columns come out column by column)
-> ``repair`` (``rules/ocr_repairs.yaml``).

Tesseract's own OpenMP threading is switched off (``OMP_THREAD_LIMIT=1``;
measured 6-7x slower on 2 cores with it on) and pages run in parallel in a
process pool instead (``jobs``).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache

from ..errors import LimitExceededError, OcrError
from .geometry import Line, Word, layout_hints, reading_order, text_area

LANG = "vie"
#: Page segmentation mode: 3 = fully automatic, no OSD.
PSM = 3
#: Resolution for rendering PDF pages that are not a single scanned image.
DEFAULT_DPI = 300
#: Embedded scans below this resolution are scaled up to it; above
#: ``MAX_NATIVE_DPI`` scaled down.
MIN_NATIVE_DPI = 200
MAX_NATIVE_DPI = 400
#: Seconds tesseract may spend on one page.
PAGE_TIMEOUT = 120
#: Pages whose mean word confidence is below this are listed in warnings.
LOW_CONFIDENCE = 75.0
#: Largest page image, in pixels (decompression-bomb guard).
MAX_PIXELS = 60_000_000
#: Skew below this (degrees) is left to tesseract.
MIN_DESKEW = 0.15
MAX_SKEW = 5.0
#: Lines below this mean word confidence may be dropped as seal/signature residue.
RESIDUE_CONFIDENCE = 60.0
#: How strongly chroma lifts coloured ink towards white.
COLOUR_LIFT = 3.0
#: Pixels darker than this in every channel are print: only their own chroma
#: lifts them, never a coloured neighbour's.
PRINT_DARKNESS = 130


@dataclass
class OcrJob:
    """One page to OCR; picklable, so a worker process can load the page itself."""

    kind: str              # "pdf" | "image"
    path: str
    index: int             # 0-based page (PDF) or frame (image)
    number: int            # 1-based page number in the document
    dpi: int | None = None
    lang: str = LANG
    psm: int = PSM
    timeout: float = PAGE_TIMEOUT
    max_pixels: int = MAX_PIXELS


@dataclass
class OcrPage:
    """What OCR made of one page."""

    number: int
    lines: list[str] = field(default_factory=list)
    hints: dict[int, set[str]] = field(default_factory=dict)  # by index into ``lines``
    words: list[tuple[str, float]] = field(default_factory=list)  # (text, confidence)
    confidence: float | None = None
    dpi: int = 0
    angle: float = 0.0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ engine

@cache
def tesseract_version() -> str:
    """``"tesseract 5.3.0"``; raises OcrError if tesseract is missing."""
    try:
        import pytesseract
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise OcrError("pytesseract is not installed (pip install pytesseract)") from exc
    try:
        return f"tesseract {pytesseract.get_tesseract_version()}"
    except Exception as exc:  # TesseractNotFoundError and friends
        raise OcrError("tesseract is not installed or not on PATH "
                       "(apt-get install tesseract-ocr tesseract-ocr-vie)") from exc


@cache
def check_engine(lang: str = LANG) -> str:
    """Make sure tesseract and its ``lang`` data are there; return the engine name."""
    import pytesseract

    version = tesseract_version()
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as exc:
        raise OcrError(f"cannot list tesseract languages: {exc}") from exc
    missing = [code for code in lang.split("+") if code not in langs]
    if missing:
        raise OcrError(f"tesseract language data missing: {', '.join(missing)} "
                       f"(apt-get install tesseract-ocr-{missing[0]})")
    return version


# ------------------------------------------------------------------ images

def load_job_image(job: OcrJob):
    """The page image for ``job`` and its resolution (dpi)."""
    from PIL import Image

    if job.kind != "image":
        return render_pdf_page(job)
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = job.max_pixels
    try:
        img = Image.open(job.path)
        img.seek(job.index)
        _check_pixels(img.size, job)
        dpi = img.info.get("dpi", (0, 0))[0] or 0
        img.load()
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    return img, int(round(float(dpi))) or DEFAULT_DPI


def _check_pixels(size: tuple[int, int], job: OcrJob) -> None:
    if size[0] * size[1] > job.max_pixels:
        raise LimitExceededError(f"page {job.number}: image of {size[0]}x{size[1]} pixels exceeds "
                                 f"the {job.max_pixels} pixel limit", job.path)


def render_pdf_page(job: OcrJob):
    """Render a PDF page; a page that is one scanned image is taken at the
    scan's own resolution (clamped to ``MIN/MAX_NATIVE_DPI``)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(job.path)
    try:
        page = pdf[job.index]
        w_pt, h_pt = page.get_size()
        dpi = job.dpi or native_dpi(page) or DEFAULT_DPI
        scale = dpi / 72
        if w_pt * scale * h_pt * scale > job.max_pixels:
            dpi = int((job.max_pixels / (w_pt * h_pt)) ** 0.5 * 72)
            scale = dpi / 72
        bitmap = page.render(scale=scale, grayscale=False)
        img = bitmap.to_pil()
        return img, dpi
    finally:
        pdf.close()


def native_dpi(page) -> int | None:
    """Resolution of the single image that covers a scanned page, clamped."""
    import pypdfium2.raw as R

    w_pt, _ = page.get_size()
    best = None
    for k in range(R.FPDFPage_CountObjects(page.raw)):
        obj = R.FPDFPage_GetObject(page.raw, k)
        if R.FPDFPageObj_GetType(obj) != R.FPDF_PAGEOBJ_IMAGE:
            continue
        import ctypes
        px_w, px_h = ctypes.c_uint(), ctypes.c_uint()
        if hasattr(R, "FPDFImageObj_GetImagePixelSize") and \
                R.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(px_w), ctypes.byref(px_h)):
            dpi = px_w.value / (w_pt / 72)
            if best is None or dpi > best:
                best = dpi
    if best is None:
        return None
    return int(round(min(MAX_NATIVE_DPI, max(MIN_NATIVE_DPI, best))))


# ------------------------------------------------------------- preprocessing

def ink_channels(img):
    """``(grey, chroma)`` of a page: the brightest channel and max - min channel.

    The brightest channel keeps black print black (all channels low) and
    makes coloured ink light (red seal: R high; blue signature: B high).
    ``chroma`` is None for a greyscale page or one with (almost) no coloured
    ink. Pillow channel operations (C loops, no copies to numpy).
    """
    from PIL import ImageChops

    if img.mode in ("L", "1", "I;16", "I", "F"):
        return img.convert("L"), None
    rgb = img.convert("RGB")
    r, g, b = rgb.split()
    hi = ImageChops.lighter(ImageChops.lighter(r, g), b)
    lo = ImageChops.darker(ImageChops.darker(r, g), b)
    chroma = ImageChops.subtract(ImageChops.subtract(hi, lo), paper_tint(hi, lo))
    hist = chroma.reduce(4).histogram()
    if sum(hist[31:]) < 0.0002 * sum(hist):
        return rgb.convert("L"), None
    return hi, chroma


def paper_tint(hi, lo):
    """The chroma of the paper itself, smoothly over the page: the tint of a
    photo's light (warm lamps, daylight) or of yellowed paper. Subtracted, so
    that only ink more colourful than its paper is lifted (otherwise a tint
    lifts the grey edges of print too and thins the letters). The median of
    a neighbourhood of 9x9 blocks of 16 pixels ignores seals and signatures,
    which cover far less than half of it."""
    from PIL import ImageChops, ImageFilter

    w, h = hi.size
    k = 16 if min(w, h) > 320 else 1
    small = ImageChops.subtract(hi.reduce(k), lo.reduce(k)) if k > 1 else ImageChops.subtract(hi, lo)
    tint = small.filter(ImageFilter.MedianFilter(9)).filter(ImageFilter.GaussianBlur(2))
    return tint.resize((w, h)) if k > 1 else tint


def lift_colour(grey, hi, chroma):
    """Turn coloured ink (seals, stamps, signatures) white in ``grey``.

    A pixel is lifted by ``COLOUR_LIFT`` times its own chroma, and, unless it
    is dark in every channel (print, also where a seal lies over it), by
    ``COLOUR_LIFT`` times the largest chroma of its 3x3 neighbourhood: JPEG
    keeps colour at half resolution, so the edges of a red or blue stroke
    are grey, and without this a seal leaves grey rings that tesseract
    takes for a picture (measured: the signer block of a 150-dpi photo was
    dropped as an image region).
    """
    import numpy as np
    from PIL import Image, ImageFilter

    own = np.asarray(chroma, dtype=np.float32)
    near = np.asarray(chroma.filter(ImageFilter.MaxFilter(3)), dtype=np.float32)
    light = np.asarray(hi) > PRINT_DARKNESS
    lift = np.maximum(own, np.where(light, near, 0.0))
    lift *= COLOUR_LIFT
    lift += np.asarray(grey, dtype=np.float32)
    np.minimum(lift, 255.0, out=lift)
    return Image.fromarray(lift.astype(np.uint8))


def suppress_colour(img):
    """Greyscale in which red and blue ink turn light; ``(image, had_colour)``.

    Print under a seal stays dark (low chroma). ``prepare`` does the same
    with the light flattened in between.
    """
    grey, chroma = ink_channels(img)
    if chroma is None:
        return grey, False
    return lift_colour(grey, grey, chroma), True


def flatten_light(grey):
    """Divide by a smooth background estimate when the lighting is uneven (photos)."""
    import numpy as np
    from PIL import Image, ImageFilter

    w, h = grey.size
    small = grey.reduce(16) if min(w, h) > 320 else grey
    bg_small = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    bg = np.asarray(bg_small, dtype=np.float32)
    if bg.size == 0 or np.percentile(bg, 95) - np.percentile(bg, 5) < 25:
        return grey
    bg_full = np.asarray(bg_small.resize((w, h), Image.BILINEAR), dtype=np.float32)
    np.maximum(bg_full, 1.0, out=bg_full)
    arr = np.asarray(grey, dtype=np.float32) * 255.0
    arr /= bg_full
    np.minimum(arr, 255.0, out=arr)
    return Image.fromarray(arr.astype(np.uint8))


def estimate_skew(grey) -> float:
    """Skew angle in degrees (positive = counter-clockwise text), by the
    horizontal projection profile of dark pixels, coarse then fine."""
    import numpy as np

    small = grey.reduce(2) if grey.size[0] > 1200 else grey
    arr = np.asarray(small)
    thr = min(160, int(arr.mean() * 0.7))
    ys, xs = np.nonzero(arr < thr)
    if len(xs) < 500:
        return 0.0
    if len(xs) > 300_000:
        pick = np.random.default_rng(0).choice(len(xs), 300_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs.astype(np.float64) - arr.shape[1] / 2
    ys = ys.astype(np.float64)
    nbins = arr.shape[0] + 1

    def score(angle: float) -> float:
        shifted = ys + xs * np.tan(np.radians(angle))
        hist = np.bincount(np.clip(shifted, 0, nbins - 1).astype(np.int64), minlength=nbins)
        return float((hist.astype(np.float64) ** 2).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    best = max(np.arange(best - 0.1, best + 0.101, 0.025), key=score)
    return float(best)


def prepare(img):
    """Image for tesseract: light flattened, colour ink suppressed, deskewed.

    The light is flattened before the coloured ink is lifted: lifted ink is
    whiter than the paper of a photo, and a white seal would raise the
    background estimate around it and leave a grey halo. Returns
    ``(image, angle, had_colour)``.
    """
    from PIL import Image

    hi, chroma = ink_channels(img)
    grey = flatten_light(hi)
    if chroma is not None:
        grey = lift_colour(grey, hi, chroma)
    angle = estimate_skew(grey)
    if abs(angle) >= MIN_DESKEW:
        grey = grey.rotate(-angle, resample=Image.BILINEAR, fillcolor=255, expand=False)
    return grey, angle, chroma is not None


# ------------------------------------------------------------------ tesseract

def recognise(img, *, lang: str = LANG, psm: int = PSM, timeout: float = PAGE_TIMEOUT, config: str = "") -> dict:
    """tesseract's TSV for one image, as pytesseract's dict of columns (``config``: more options)."""
    import pytesseract

    # uncompressed PGM: writing it costs milliseconds, PNG costs ~10x more
    fd, name = tempfile.mkstemp(suffix=".pgm", prefix="vnpe-ocr-")
    os.close(fd)
    try:
        img.convert("L").save(name)
        return pytesseract.image_to_data(name, lang=lang, config=f"--psm {psm} {config}".rstrip(),
                                         output_type=pytesseract.Output.DICT, timeout=timeout)
    finally:
        os.unlink(name)


def words_to_lines(data: dict) -> list[Line]:
    """Group tesseract's words by (block, paragraph, line)."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        left, top = data["left"][i], data["top"][i]
        w, h = data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups.setdefault(key, []).append(Word(text, left, left + w, top, top + h, size=h, conf=conf))
    lines = []
    for words in groups.values():
        line = Line(words)
        # a line's height is the box of its tallest letters; use the median
        # word height as its size so diacritics do not inflate it
        lines.append(line)
    return lines


# --------------------------------------------------------------------- repair

@cache
def _repairs() -> tuple[list[tuple[re.Pattern[str], object]], list[re.Pattern[str]]]:
    """Compiled ``rules/ocr_repairs.yaml``: [(pattern, replacement)], [drop patterns]."""
    from ..rules import load

    data = load("ocr_repairs")
    subs: list[tuple[re.Pattern[str], object]] = []
    for rule in data.get("substitutions", []):
        if "phrases" in rule:
            subs.append(_phrase_repair(rule["phrases"]))
            continue
        pattern = re.compile(rule["pattern"], re.VERBOSE)
        if "translate" in rule:
            table = str.maketrans({str(k): str(v) for k, v in rule["translate"].items()})
            subs.append((pattern, lambda m, t=table: m.group(0).translate(t)))
        else:
            subs.append((pattern, rule["replace"]))
    drops = [re.compile(p, re.VERBOSE) for p in data.get("drop_lines", [])]
    return subs, drops


def _phrase_repair(phrases: dict[str, str]) -> tuple[re.Pattern[str], object]:
    """One pattern for a ``phrases`` table: whole words, any case, replaced in
    the case of the text (all capitals, first capital, or as written)."""
    table = {str(k).lower(): str(v) for k, v in phrases.items()}
    alts = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", re.IGNORECASE)

    def replace(m: re.Match[str]) -> str:
        seen = m.group(0).split()
        meant = table[" ".join(seen).lower()].split()
        if len(meant) != len(seen):
            seen = [m.group(0)] * len(meant)
        return " ".join(_case_like(want, word) for want, word in zip(meant, seen))
    return pattern, replace


def _case_like(word: str, model: str) -> str:
    """``word`` in the case of ``model``: "HỒ" for "HÒ", "Hồ" for "Hô", "hồ" for "hò"."""
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def repair(line: str) -> str:
    """Apply ``rules/ocr_repairs.yaml`` substitutions to one OCR line."""
    subs, _ = _repairs()
    for pattern, replacement in subs:
        line = pattern.sub(replacement, line)  # type: ignore[arg-type]
    return line.strip()


@cache
def _keeps() -> list[re.Pattern[str]]:
    """``keep_lines`` of ``rules/ocr_repairs.yaml``: lines never taken for residue."""
    from ..rules import load

    return [re.compile(p, re.VERBOSE) for p in load("ocr_repairs").get("keep_lines", [])]


def is_residue(line: Line, text: str) -> bool:
    """True for a line that is most likely seal, signature or noise residue:
    low word confidence and few well-formed Vietnamese syllables. A repaired
    line that is a structural label (``keep_lines``: "Nơi nhận:" in bold
    italics is often read with confidence below 30) is kept."""
    from .legacy import syllable_validity

    confs = [w.conf for w in line.words if w.conf is not None]
    mean = sum(confs) / len(confs) if confs else 0.0
    if mean >= RESIDUE_CONFIDENCE:
        return False
    if any(p.fullmatch(text) for p in _keeps()):
        return False
    valid, scored = syllable_validity(text)
    words = len(text.split())
    return mean < RESIDUE_CONFIDENCE / 2 or (valid <= scored / 2 and words <= 6)


def is_junk(line: str) -> bool:
    """True for lines that are only rule fragments, dots or stray marks."""
    _, drops = _repairs()
    return any(p.fullmatch(line) for p in drops)


# ----------------------------------------------------------------------- page

def ocr_page(job: OcrJob) -> OcrPage:
    """OCR one page (runs in a worker process)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    start = time.perf_counter()
    page = OcrPage(job.number)
    img, dpi = load_job_image(job)
    page.dpi = dpi
    prepared, page.angle, _ = prepare(img)
    try:
        data = recognise(prepared, lang=job.lang, psm=job.psm, timeout=job.timeout)
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            page.warnings.append(f"page {job.number}: OCR timed out after {job.timeout:g} s")
            page.seconds = time.perf_counter() - start
            return page
        raise OcrError(f"page {job.number}: tesseract failed: {exc}", job.path) from exc
    lines = words_to_lines(data)
    w, h = prepared.size
    ordered = reading_order(lines, w, h, first_page=job.number == 1)
    area = text_area(ordered, w)
    for ln in ordered:
        text = repair(ln.text)
        if text and not is_junk(text) and not is_residue(ln, text):
            hints = layout_hints(ln, area)
            if hints:
                page.hints[len(page.lines)] = hints
            page.lines.append(text)
    page.words = [(wd.text, float(wd.conf or 0)) for ln in ordered for wd in ln.words]
    confs = [c for t, c in page.words if t.strip()]
    page.confidence = round(sum(confs) / len(confs), 2) if confs else None
    if page.confidence is not None and page.confidence < LOW_CONFIDENCE:
        page.warnings.append(f"page {job.number}: low OCR confidence {page.confidence:.1f}")
    if not page.lines:
        page.warnings.append(f"page {job.number}: OCR found no text")
    page.seconds = time.perf_counter() - start
    return page


def ocr_pages(jobs_list: list[OcrJob], jobs: int | None = None) -> list[OcrPage]:
    """OCR pages, in parallel across ``jobs`` processes (default: all cores)."""
    if not jobs_list:
        return []
    check_engine(jobs_list[0].lang)
    n = max(1, min(jobs or os.cpu_count() or 1, len(jobs_list)))
    if n == 1:
        saved = os.environ.get("OMP_THREAD_LIMIT")
        try:
            return [ocr_page(j) for j in jobs_list]
        finally:
            if saved is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = saved
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        return list(pool.map(ocr_page, jobs_list))
