"""Read image files (PNG, JPEG, TIFF incl. multi-page) by OCR."""

from __future__ import annotations

from pathlib import Path

from ..errors import CorruptFileError, InputError, LimitExceededError
from .base import RawDocument
from .limits import DEFAULT_LIMITS, Limits

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "TIFF": "image/tiff",
               "MPO": "image/jpeg"}


def read_image(path: str | Path, *, ocr: str = "auto", jobs: int | None = None,
               limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """OCR every frame of an image file; one page per frame."""
    from PIL import Image, UnidentifiedImageError

    from .ocr import LANG, OcrJob, check_engine, ocr_pages
    from .pdf import check_size, file_sha256, join_pages, ocr_summary

    path = Path(path)
    if ocr == "never":
        raise InputError("an image has no text layer; it can only be read with OCR (ocr='never' given)",
                         str(path))
    check_size(path, limits)
    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, limits.max_pixels
    try:
        with Image.open(path) as img:
            fmt = img.format or ""
            frames = getattr(img, "n_frames", 1)
            w, h = img.size
    except Image.DecompressionBombError as exc:
        raise LimitExceededError(f"image exceeds the {limits.max_pixels} pixel limit", str(path)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise CorruptFileError(f"not a readable image ({exc})", str(path)) from exc
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    if w * h > limits.max_pixels:
        raise LimitExceededError(f"image of {w}x{h} pixels exceeds the {limits.max_pixels} pixel limit",
                                 str(path))
    if frames > limits.max_pages:
        raise LimitExceededError(f"image has {frames} frames, more than the {limits.max_pages} page limit",
                                 str(path))
    engine = check_engine(LANG)
    jobs_list = [OcrJob("image", str(path), i, i + 1, timeout=limits.page_timeout,
                        max_pixels=limits.max_pixels) for i in range(frames)]
    try:
        results = ocr_pages(jobs_list, jobs)
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(f"image cannot be decoded ({exc})", str(path)) from exc
    warnings: list[str] = []
    info, text_by_page, extra = ocr_summary(engine, results, warnings)
    hints = extra.get("ocr_hints", {})
    text, starts, line_hints = join_pages([(text_by_page.get(i + 1, []), hints.get(i + 1, {}))
                                           for i in range(frames)])
    extra["page_sources"] = ["ocr"] * frames
    return RawDocument(text=text, media_type=MEDIA_TYPES.get(fmt, f"image/{fmt.lower() or 'unknown'}"),
                       path=str(path), sha256=file_sha256(path), page_starts=starts, ocr=info,
                       warnings=warnings, line_hints=line_hints, extra=extra)
