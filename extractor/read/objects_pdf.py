"""What a born-digital PDF page draws besides text, from pdfium's page objects.

One walk over the page objects (into form XObjects too) gives the share of
the page covered by images (a scan?) and the page's *rules*: a shape at most
``THIN`` points thick and longer than twice that is a rule along its centre
line, filled or stroked (Word draws cell borders as thin filled bars); the
straight axis-aligned segments of other stroked paths are rules too (lines,
cell outlines, whole grids). Filled shapes thicker than that are shading,
glyph outlines or logos and are ignored.

Coordinates are display points, origin top-left, y down (``Frame``), so a
page with ``/Rotate`` or a crop box off the origin is measured as shown.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

#: A filled shape at most this thick is a rule; thicker filled shapes are shading.
THIN = 6.0
#: Thickest rule counted when deciding whether a page may hold a ruled table.
RULE_WIDTH = 2.5
#: Pieces shorter than this are dropped (pdfplumber's edge_min_length_prefilter).
MIN_PIECE = 1.0
#: A segment whose ends differ by at most this across its direction is axis-aligned.
AXIS_SLOP = 0.1
#: A thin shape with more segments than this is a glyph outline or a drawing, not a rule.
MAX_RULE_SEGMENTS = 16
#: Beyond these the page counts as too complex to walk (tables left to pdfplumber).
MAX_SEGMENTS = 20_000
MAX_RULES = 3_000
MAX_FORM_DEPTH = 4

Box = tuple[float, float, float, float]          # x0, top, x1, bottom
HRule = tuple[float, float, float]                # x0, x1, y
VRule = tuple[float, float, float]                # top, bottom, x


class Frame:
    """Affine map from PDF user space to display points (top-left origin).

    The display box is pdfium's page box (crop box within the media box),
    turned by the page's ``/Rotate``; ``X = a·x + c·y + e``, ``Y = b·x + d·y + f``.
    """

    __slots__ = ("a", "b", "c", "d", "e", "f", "rotation", "width", "height")

    def __init__(self, box: Box, rotation: int) -> None:
        x0, y0, x1, y1 = box
        self.rotation = rotation % 360
        self.a, self.b, self.c, self.d, self.e, self.f = {
            0: (1.0, 0.0, 0.0, -1.0, -x0, y1),
            90: (0.0, 1.0, 1.0, 0.0, -y0, -x0),
            180: (-1.0, 0.0, 0.0, 1.0, x1, -y0),
            270: (0.0, -1.0, -1.0, 0.0, y1, x1),
        }.get(self.rotation, (1.0, 0.0, 0.0, -1.0, -x0, y1))
        turned = self.rotation in (90, 270)
        self.width = (y1 - y0) if turned else (x1 - x0)
        self.height = (x1 - x0) if turned else (y1 - y0)

    @classmethod
    def of(cls, page) -> "Frame":
        import pypdfium2.raw as R

        rect = R.FS_RECTF()
        if R.FPDF_GetPageBoundingBox(page.raw, ctypes.byref(rect)):
            box = (rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))
        else:
            w, h = page.get_size()
            box = (0.0, 0.0, w, h)
        return cls(box, R.FPDFPage_GetRotation(page.raw) * 90)

    @property
    def plain(self) -> bool:
        """No rotation and the box at the origin: X = x, Y = height - y."""
        return self.rotation == 0 and self.e == 0 and self.f == self.height

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def box(self, l: float, b: float, r: float, t: float) -> Box:
        """Display box of a user-space rectangle."""
        X0, Y0 = self.point(l, b)
        X1, Y1 = self.point(r, t)
        return min(X0, X1), min(Y0, Y1), max(X0, X1), max(Y0, Y1)

    def upright_angle(self) -> float:
        """pdfium's (clockwise) character angle of text upright on the display."""
        return (360 - self.rotation) % 360


def _compose(m: tuple, n: tuple) -> tuple:
    """Matrix ``m`` then ``n`` (PDF order a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


# ------------------------------------------------------------ page objects

@dataclass
class Drawing:
    """What a page draws besides text: image cover and rules (display points)."""

    image_cover: float = 0.0
    h: list[HRule] = field(default_factory=list)
    v: list[VRule] = field(default_factory=list)
    thin_h: int = 0        # rules at most RULE_WIDTH thick and 8 RULE_WIDTH long
    thin_v: int = 0        # ... and 4 RULE_WIDTH long
    curves: list[Box] = field(default_factory=list)   # stroked paths with curves
    complex: bool = False                             # too much to walk: leave to pdfplumber

    @property
    def may_hold_table(self) -> bool:
        """At least three thin rules each way, as a ruled table draws."""
        return self.thin_h >= 3 and self.thin_v >= 3


class _Walker:
    """One pass over the page objects (see ``scan_objects``)."""

    def __init__(self, frame: Frame) -> None:
        import pypdfium2.raw as R

        self.R = R
        self.frame = frame
        self.display = (frame.a, frame.b, frame.c, frame.d, frame.e, frame.f)
        self.out = Drawing()
        self.area = 0.0
        self.segments = 0
        self.fbuf = [ctypes.c_float() for _ in range(4)]
        self.fptr = [ctypes.byref(x) for x in self.fbuf]
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.matrix = R.FS_MATRIX()

    def walk(self, objects, to_display: tuple, depth: int) -> None:
        R = self.R
        for obj in objects:
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_FORM:
                if depth >= MAX_FORM_DEPTH:
                    self.out.complex = True
                    continue
                if not R.FPDFPageObj_GetMatrix(obj, ctypes.byref(self.matrix)):
                    continue
                m = self.matrix
                inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), to_display)
                n = R.FPDFFormObj_CountObjects(obj)
                self.walk((R.FPDFFormObj_GetObject(obj, i) for i in range(n)), inner, depth + 1)
                continue
            if kind != R.FPDF_PAGEOBJ_PATH and kind != R.FPDF_PAGEOBJ_IMAGE:
                continue
            if not R.FPDFPageObj_GetBounds(obj, *self.fptr):
                continue
            l, b, r, t = (v.value for v in self.fbuf)
            X0, Y0 = _apply(to_display, l, b)
            X1, Y1 = _apply(to_display, r, t)
            box = (min(X0, X1), min(Y0, Y1), max(X0, X1), max(Y0, Y1))
            if kind == R.FPDF_PAGEOBJ_IMAGE:
                w, h = self.frame.width, self.frame.height
                self.area += max(0.0, min(box[2], w) - max(box[0], 0.0)) \
                    * max(0.0, min(box[3], h) - max(box[1], 0.0))
            else:
                self._path(obj, box, to_display)

    def _path(self, obj, box: Box, to_display: tuple) -> None:
        R = self.R
        x0, top, x1, bottom = box
        w, h = x1 - x0, bottom - top
        thin = min(w, h) <= THIN
        if thin and max(w, h) >= max(MIN_PIECE, 2 * min(w, h)) \
                and R.FPDFPath_CountSegments(obj) <= MAX_RULE_SEGMENTS:
            # a bar or a line: a rule along its centre, filled or stroked
            if w >= h:
                self._add(x0, x1, (top + bottom) / 2, h)
            else:
                self._add_v(top, bottom, (x0 + x1) / 2, w)
            return
        R.FPDFPath_GetDrawMode(obj, ctypes.byref(self.fill), ctypes.byref(self.stroke))
        if not self.stroke.value:
            return  # filled: shading behind text, a glyph outline, a logo
        if not R.FPDFPageObj_GetMatrix(obj, ctypes.byref(self.matrix)):
            return
        m = self.matrix
        self._segments(obj, _compose((m.a, m.b, m.c, m.d, m.e, m.f), to_display), box)

    def _add(self, x0: float, x1: float, y: float, thickness: float) -> None:
        self.out.h.append((x0, x1, y))
        if thickness <= RULE_WIDTH and x1 - x0 >= 8 * RULE_WIDTH:
            self.out.thin_h += 1

    def _add_v(self, top: float, bottom: float, x: float, thickness: float) -> None:
        self.out.v.append((top, bottom, x))
        if thickness <= RULE_WIDTH and bottom - top >= 4 * RULE_WIDTH:
            self.out.thin_v += 1

    def _segments(self, obj, m: tuple, box: Box) -> None:
        """Straight axis-aligned segments of a stroked path, as rules."""
        R = self.R
        n = R.FPDFPath_CountSegments(obj)
        self.segments += n
        if self.segments > MAX_SEGMENTS:
            self.out.complex = True
            return
        px, py = self.fbuf[0], self.fbuf[1]
        start = last = None
        curved = False
        for i in range(n):
            seg = R.FPDFPath_GetPathSegment(obj, i)
            if not R.FPDFPathSegment_GetPoint(seg, self.fptr[0], self.fptr[1]):
                continue
            pt = _apply(m, px.value, py.value)
            kind = R.FPDFPathSegment_GetType(seg)
            if kind == R.FPDF_SEGMENT_MOVETO:
                start = last = pt
                continue
            if kind == R.FPDF_SEGMENT_LINETO and last is not None:
                self._rule(last, pt)
            elif kind == R.FPDF_SEGMENT_BEZIERTO:
                curved = True
            last = pt
            if R.FPDFPathSegment_GetClose(seg) and start is not None:
                self._rule(last, start)
                last = start
        if curved:
            self.out.curves.append(box)

    def _rule(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = p, q
        if abs(ay - by) <= AXIS_SLOP and abs(ax - bx) >= MIN_PIECE:
            self._add(min(ax, bx), max(ax, bx), (ay + by) / 2, 0.0)
        elif abs(ax - bx) <= AXIS_SLOP and abs(ay - by) >= MIN_PIECE:
            self._add_v(min(ay, by), max(ay, by), (ax + bx) / 2, 0.0)


def scan_objects(page, frame: Frame) -> Drawing:
    """Image cover and rules of a pdfium page (see the module doc)."""
    import pypdfium2.raw as R

    walker = _Walker(frame)
    n = R.FPDFPage_CountObjects(page.raw)
    walker.walk((R.FPDFPage_GetObject(page.raw, k) for k in range(n)), walker.display, 0)
    out = walker.out
    out.image_cover = min(1.0, walker.area / (frame.width * frame.height or 1))
    if len(out.h) + len(out.v) > MAX_RULES:
        out.complex = True
    return out
