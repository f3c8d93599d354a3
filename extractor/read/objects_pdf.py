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

    __slots__ = ("a", "b", "c", "d", "e", "f", "rotation", "width", "height", "page_box")

    def __init__(self, box: Box, rotation: int) -> None:
        x0, y0, x1, y1 = self.page_box = box
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

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def box(self, l: float, b: float, r: float, t: float) -> Box:
        """Display box of a user-space rectangle."""
        X0, Y0 = self.point(l, b)
        X1, Y1 = self.point(r, t)
        return min(X0, X1), min(Y0, Y1), max(X0, X1), max(Y0, Y1)

    def upright_angle(self) -> int:
        """pdfium's (clockwise) character angle of text upright on the display."""
        return (360 - self.rotation) % 360

    def upright_for(self, angle: int) -> "Frame":
        """The same page box shown turned so that text at pdfium's ``angle``
        (a multiple of 90) reads upright: a page whose content was set
        sideways without ``/Rotate`` (a landscape table printed to PDF)."""
        return Frame(self.page_box, (360 - angle) % 360)


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


_FAST: dict[str, object] = {}


def fast(name: str):
    """pdfium's function ``name`` with every pointer typed ``c_void_p``: it
    takes handles and out-parameters as plain integers (``handle``,
    ``ctypes.addressof``) and returns handles as integers. About twice as
    fast per call as pypdfium2's typed pointers, which matters for calls per
    page object or per word."""
    fn = _FAST.get(name)
    if fn is None:
        import pypdfium2.raw as R

        typed = getattr(R, name)

        def plain(t):
            return ctypes.c_void_p if t is not None and not isinstance(getattr(t, "_type_", "x"), str) else t

        proto = ctypes.CFUNCTYPE(plain(typed.restype), *map(plain, typed.argtypes))
        fn = _FAST[name] = proto(ctypes.cast(typed, ctypes.c_void_p).value)
    return fn


def handle(obj) -> int:
    """A pypdfium2 raw handle (``page.raw``, ``textpage.raw``) as an integer."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


class _Walker:
    """One pass over the page objects (see ``scan_objects``)."""

    def __init__(self, frame: Frame) -> None:
        import pypdfium2.raw as R

        self.frame = frame
        self.display = (frame.a, frame.b, frame.c, frame.d, frame.e, frame.f)
        self.out = Drawing()
        self.area = 0.0
        self.segments = 0
        self.kinds = (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE, R.FPDF_PAGEOBJ_FORM)
        self.seg_kinds = (R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_LINETO, R.FPDF_SEGMENT_BEZIERTO)
        self.fbuf = (ctypes.c_float * 4)()
        self.fptr = [ctypes.addressof(self.fbuf) + 4 * i for i in range(4)]
        self.ibuf = (ctypes.c_int * 2)()
        self.matrix = R.FS_MATRIX()
        self.mptr = ctypes.addressof(self.matrix)
        self.obj_type, self.obj_bounds = fast("FPDFPageObj_GetType"), fast("FPDFPageObj_GetBounds")
        self.obj_matrix = fast("FPDFPageObj_GetMatrix")
        self.form_count, self.form_object = fast("FPDFFormObj_CountObjects"), fast("FPDFFormObj_GetObject")
        self.path_count, self.path_mode = fast("FPDFPath_CountSegments"), fast("FPDFPath_GetDrawMode")
        self.path_segment = fast("FPDFPath_GetPathSegment")
        self.seg_point, self.seg_type = fast("FPDFPathSegment_GetPoint"), fast("FPDFPathSegment_GetType")
        self.seg_close = fast("FPDFPathSegment_GetClose")

    def walk(self, holder: int, count: int, get, to_display: tuple, depth: int) -> None:
        """Walk ``count`` objects ``get(holder, i)`` (a page's or a form's)."""
        PATH, IMAGE, FORM = self.kinds
        get_type, get_bounds = self.obj_type, self.obj_bounds
        f = self.fbuf
        p0, p1, p2, p3 = self.fptr
        a, b, c, d, e, g = to_display
        skew = (a != 0 and b != 0) or (c != 0 and d != 0)   # turned by other than 90 degrees
        for k in range(count):
            obj = get(holder, k)
            kind = get_type(obj)
            if kind == PATH or kind == IMAGE:
                if not get_bounds(obj, p0, p1, p2, p3):
                    continue
                l, bt, r, t = f
                xs = (a * l + c * bt + e, a * r + c * t + e)
                ys = (b * l + d * bt + g, b * r + d * t + g)
                if skew:
                    xs += (a * l + c * t + e, a * r + c * bt + e)
                    ys += (b * l + d * t + g, b * r + d * bt + g)
                box = (min(xs), min(ys), max(xs), max(ys))
                if kind == IMAGE:
                    w, h = self.frame.width, self.frame.height
                    self.area += max(0.0, min(box[2], w) - max(box[0], 0.0)) \
                        * max(0.0, min(box[3], h) - max(box[1], 0.0))
                else:
                    self._path(obj, box, to_display)
            elif kind == FORM:
                if depth >= MAX_FORM_DEPTH:
                    self.out.complex = True
                    continue
                if not self.obj_matrix(obj, self.mptr):
                    continue
                m = self.matrix
                inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), to_display)
                self.walk(obj, self.form_count(obj), self.form_object, inner, depth + 1)

    def _path(self, obj: int, box: Box, to_display: tuple) -> None:
        x0, top, x1, bottom = box
        w, h = x1 - x0, bottom - top
        if min(w, h) <= THIN and max(w, h) >= max(MIN_PIECE, 2 * min(w, h)) \
                and self.path_count(obj) <= MAX_RULE_SEGMENTS:
            # a bar or a line: a rule along its centre, filled or stroked
            if w >= h:
                self._add(x0, x1, (top + bottom) / 2, h)
            else:
                self._add_v(top, bottom, (x0 + x1) / 2, w)
            return
        modes = ctypes.addressof(self.ibuf)
        self.path_mode(obj, modes, modes + 4)           # fill mode, stroke flag
        if not self.ibuf[1]:
            return  # filled: shading behind text, a glyph outline, a logo
        if not self.obj_matrix(obj, self.mptr):
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

    def _segments(self, obj: int, m: tuple, box: Box) -> None:
        """Straight axis-aligned segments of a stroked path, as rules."""
        n = self.path_count(obj)
        self.segments += n
        if self.segments > MAX_SEGMENTS:
            self.out.complex = True
            return
        MOVETO, LINETO, BEZIERTO = self.seg_kinds
        f, (p0, p1) = self.fbuf, self.fptr[:2]
        start = last = None
        curved = False
        for i in range(n):
            seg = self.path_segment(obj, i)
            if not seg or not self.seg_point(seg, p0, p1):
                continue
            pt = _apply(m, f[0], f[1])
            kind = self.seg_type(seg)
            if kind == MOVETO:
                start = last = pt
                continue
            if kind == LINETO and last is not None:
                self._rule(last, pt)
            elif kind == BEZIERTO:
                curved = True
            last = pt
            if self.seg_close(seg) and start is not None:
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
    walker = _Walker(frame)
    raw = handle(page.raw)
    walker.walk(raw, fast("FPDFPage_CountObjects")(raw), fast("FPDFPage_GetObject"), walker.display, 0)
    out = walker.out
    out.image_cover = min(1.0, walker.area / (frame.width * frame.height or 1))
    if len(out.h) + len(out.v) > MAX_RULES:
        out.complex = True
    return out
