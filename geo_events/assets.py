"""Offline map assets: Leaflet, Leaflet.markercluster and jQuery inlined from their XStatic
packages, marker images as data URIs, a vector basemap of borders from the gazetteer, and the
check that no external URL is left in an "offline" page."""

from __future__ import annotations

import base64
import functools
import json
import logging
import re
from pathlib import Path
from typing import Any

from .exceptions import DependencyMissingError, RenderError

log = logging.getLogger(__name__)

__all__ = ["leaflet_js", "leaflet_css", "markercluster_js", "markercluster_css", "jquery_js",
           "inline_header", "basemap_geojson", "check_offline", "script_json", "OFFLINE_ATTRIBUTION"]

OFFLINE_ATTRIBUTION = ("Borders: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0) · "
                       "Leaflet (BSD-2)")

# URLs that are names, not fetches (XML namespaces inside Leaflet's SVG code).
_ALLOWED_URLS = ("http://www.w3.org/",)
_URL = re.compile(r"https?://[^\s\"'<>)]+")
_FETCH_BEFORE = re.compile(r"(?:\b(?:src|href|action|poster|data)\s*=\s*\\?[\"']?\s*"
                           r"|url\(\s*[\"']?\s*|@import\s+[\"']?)(?:https?:)?$")


def _xstatic_dir(module: str, package: str) -> Path:
    try:
        mod = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    except ImportError as exc:
        raise DependencyMissingError(
            f"offline maps need the {package} package: pip install {package}") from exc
    return Path(mod.BASE_DIR)


def _read(module: str, package: str, name: str) -> str:
    path = _xstatic_dir(module, package) / name
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise RenderError(f"cannot read {path} from {package}: {exc}") from exc


def _data_uri(path: Path, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _script_safe(code: str) -> str:
    """Make library code safe to sit inside one inline ``<script>`` element."""
    return re.sub(r"(?i)</(script)", r"<\\/\1", code)


@functools.cache
def leaflet_js() -> str:
    """Leaflet 1.9.3 (minified), with its attribution link made local (no external URL)."""
    code = _read("leaflet", "xstatic-leaflet", "leaflet.js")
    code = code.replace('href="https://leafletjs.com"', 'href="#"')
    code = code.replace("https://leafletjs.com", "leafletjs.com")
    code = re.sub(r"//# sourceMappingURL=\S+", "", code)
    return _script_safe(code)


@functools.cache
def leaflet_css() -> str:
    """Leaflet's CSS with every image as a data URI."""
    base = _xstatic_dir("leaflet", "xstatic-leaflet")
    css = _read("leaflet", "xstatic-leaflet", "leaflet.css")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for name in ("layers-2x.png", "layers.png", "marker-icon.png"):
        css = css.replace(f"url(images/{name})", f"url({_data_uri(base / 'images' / name)})")
    return css


@functools.cache
def default_icon_js() -> str:
    """Point ``L.Icon.Default`` at data URIs (inlined CSS breaks Leaflet's path detection)."""
    img = _xstatic_dir("leaflet", "xstatic-leaflet") / "images"
    opts = {"iconUrl": _data_uri(img / "marker-icon.png"),
            "iconRetinaUrl": _data_uri(img / "marker-icon-2x.png"),
            "shadowUrl": _data_uri(img / "marker-shadow.png")}
    return f"L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({json.dumps(opts)});"


@functools.cache
def markercluster_js() -> str:
    code = _read("leaflet_markercluster", "xstatic-leaflet-markercluster",
                 "leaflet.markercluster.js")
    return _script_safe(re.sub(r"//# sourceMappingURL=\S+", "", code))


@functools.cache
def markercluster_css() -> str:
    return "\n".join(_read("leaflet_markercluster", "xstatic-leaflet-markercluster", n)
                     for n in ("MarkerCluster.css", "MarkerCluster.Default.css"))


@functools.cache
def jquery_js() -> str:
    """jQuery 3.7.1; folium's own Popup element needs it, so maps others extend keep working."""
    code = _read("jquery", "xstatic-jquery", "jquery.min.js")
    return _script_safe(re.sub(r"//# sourceMappingURL=\S+", "", code))


def inline_header(*, cluster: bool = False, jquery: bool = True) -> str:
    """``<style>``/``<script>`` elements carrying every library a map page needs."""
    parts = [f"<style>{leaflet_css()}</style>"]
    if cluster:
        parts.append(f"<style>{markercluster_css()}</style>")
    if jquery:
        parts.append(f"<script>{jquery_js()}</script>")
    parts.append(f"<script>{leaflet_js()}\n{default_icon_js()}</script>")
    if cluster:
        parts.append(f"<script>{markercluster_js()}</script>")
    return "\n".join(parts)


def script_json(obj: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&``, U+2028/9, and ``/``
    escaped so no document string can close the element or look like a URL to fetch."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("/", "\\/"))
    # folium re-parses rendered parts as Jinja: never leave "{{", "{%" or "{#" in the output.
    # A structural "{" is always followed by '"' or '}', so these are inside strings.
    return re.sub(r"\{(?=[{%#])", r"\\u007b", text)


def check_offline(html_text: str) -> str:
    """Raise RenderError if the page would still fetch or link anything over the network:
    any ``http(s)://`` URL (XML namespaces aside), or a protocol-relative ``//host`` in a
    ``src=``/``href=``/``url(``/``@import``."""
    low = html_text.lower()
    bad = [m.group(0) for m in _URL.finditer(low) if not m.group(0).startswith(_ALLOWED_URLS)]
    pos = low.find("//")
    while pos != -1:
        if _FETCH_BEFORE.search(low, max(0, pos - 48), pos):
            bad.append(low[max(0, pos - 20):pos + 30])
        pos = low.find("//", pos + 2)
    if bad:
        shown = ", ".join(sorted(set(bad))[:5])
        raise RenderError(f"offline page would still reach the network: {shown}")
    return html_text


def _rounded(geom: Any, ndigits: int) -> Any:
    """GeoJSON geometry dict with coordinates rounded (keeps the basemap small)."""
    def walk(c: Any) -> Any:
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(v), ndigits) for v in c]
        return [walk(x) for x in c]

    return {"type": geom["type"], "coordinates": walk(geom["coordinates"])}


@functools.lru_cache(maxsize=16)
def _shapes_geojson(path: str, kind: str, tolerance: float) -> tuple[tuple[tuple, dict], ...]:
    """(bounds, simplified GeoJSON feature) of every shape of a kind, cached per index."""
    from .gazetteer import Gazetteer

    import shapely

    gaz = Gazetteer(path)
    try:
        shapes = gaz.shapes(kind)
    finally:
        gaz.close()
    out = []
    for place, geom in shapes:
        simple = shapely.simplify(geom, tolerance, preserve_topology=True)
        if simple.is_empty:
            continue
        out.append((tuple(geom.bounds),
                    {"type": "Feature", "properties": {"name": place.name, "kind": kind},
                     "geometry": _rounded(shapely.geometry.mapping(simple), 3)}))
    return tuple(out)


def _within(shapes: tuple, box: tuple[float, float, float, float] | None) -> list[dict]:
    if box is None:
        return [f for _b, f in shapes]
    w, s, e, n = box
    return [f for (bw, bs, be, bn), f in shapes if bw <= e and be >= w and bs <= n and bn >= s]


def basemap_geojson(gazetteer: Any, bounds: tuple[float, float, float, float] | None = None,
                    ) -> dict[str, Any]:
    """Borders as a GeoJSON FeatureCollection: countries near ``bounds`` (south, west, north,
    east) in detail, the rest of the world coarse, plus admin-1 areas, rivers and lakes when the
    gazetteer has them. Empty when no gazetteer is given."""
    if gazetteer is None:
        return {"type": "FeatureCollection", "features": []}
    path = str(gazetteer.path)
    feats: list[dict] = []
    detail_box = None
    if bounds is not None:
        s, w, n, e = bounds
        detail_box = (max(w - 12, -180.0), max(s - 12, -90.0), min(e + 12, 180.0),
                      min(n + 12, 90.0))
    coarse = _within(_shapes_geojson(path, "country", 0.25), None)
    if detail_box:
        detail = _within(_shapes_geojson(path, "country", 0.02), detail_box)
        names = {f["properties"]["name"] for f in detail}
        coarse = [f for f in coarse if f["properties"]["name"] not in names] + detail
    feats += coarse
    for kind, tol in (("admin1", 0.02), ("river", 0.01), ("lake", 0.01)):
        feats += _within(_shapes_geojson(path, kind, tol), detail_box)  # [] when absent
    feats.sort(key=lambda f: (f["properties"]["kind"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": feats}
