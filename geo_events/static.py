"""A static PNG of a report (matplotlib Agg + geopandas over the offline basemap), for PDF
and word-processor reports. Same layers and colours as the interactive map."""

from __future__ import annotations

import html
import io
import logging
import math
import os
from pathlib import Path
from typing import Any

from .exceptions import DependencyMissingError, RenderError
from .atomic import atomic_write
from .maps import map_data

log = logging.getLogger(__name__)

__all__ = ["render_png", "png_bytes"]


def _circle(lat: float, lon: float, radius_m: float, n: int = 48) -> list[tuple[float, float]]:
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    pts = [geod.fwd(lon, lat, 360.0 * i / n, radius_m)[:2] for i in range(n + 1)]
    return [(x, y) for x, y, *_ in pts]


def png_bytes(report_or_dicts: Any, *, gazetteer: Any = None, width_in: float = 8.0,
              height_in: float = 6.0, dpi: int = 150, title: str | None = None) -> bytes:
    """The PNG image as bytes (no timestamps in the file, so reruns give the same bytes)."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import geopandas as gpd
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise DependencyMissingError("PNG maps need matplotlib and geopandas: "
                                     "pip install matplotlib geopandas") from exc
    if gazetteer is None:
        from .maps import resolve_gazetteer

        gazetteer = resolve_gazetteer(None, True)
    data = map_data(report_or_dicts, gazetteer=gazetteer, fast_threshold=10**12, basemap=True,
                    offline=True)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor("#d4e6f1")
    bounds = data["bounds"]
    if bounds:
        (s, w), (n, e) = bounds
        pad_lat = max((n - s) * 0.15, 0.3)
        pad_lon = max((e - w) * 0.15, 0.3)
        s, n, w, e = s - pad_lat, n + pad_lat, w - pad_lon, e + pad_lon
    else:
        s, w, n, e = -60.0, -180.0, 80.0, 180.0
    feats = (data["basemap"] or {}).get("features") or []
    if feats:
        base = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
        land = base[base["kind"] != "river"]
        land.plot(ax=ax, color="#f6f3ec", edgecolor="#888888", linewidth=0.6, zorder=1)
        rivers = base[base["kind"] == "river"]
        if len(rivers):
            rivers.plot(ax=ax, color="#5b9bd5", linewidth=0.6, zorder=2)
    if data["areas"]:
        areas = gpd.GeoDataFrame.from_features(
            [{"type": "Feature", "geometry": a["geometry"], "properties": {}}
             for a in data["areas"]], crs="EPSG:4326")
        areas.plot(ax=ax, facecolor="#6a3d9a22", edgecolor="#6a3d9a", linewidth=1.2, zorder=3)
    for c in data["claims"]:
        if c["wedge"]:
            xs = [p[1] for p in c["wedge"]]
            ys = [p[0] for p in c["wedge"]]
            ax.fill(xs, ys, color=c["color"], alpha=0.12, zorder=4)
            ax.plot(xs + xs[:1], ys + ys[:1], color=c["color"], lw=0.7, ls="--", zorder=4)
        if c["circle"]:
            ring = _circle(c["circle"]["lat"], c["circle"]["lon"], c["circle"]["radius_m"])
            ax.fill([p[0] for p in ring], [p[1] for p in ring], color=c["color"], alpha=0.15,
                    zorder=4)
        if c["line"]:
            xs = [p[1] for p in c["line"]]
            ys = [p[0] for p in c["line"]]
            ax.plot(xs, ys, color=c["color"], lw=2.2, zorder=5)
            mid = len(xs) // 2
            ax.annotate(html.unescape(c["label"]), (xs[mid], ys[mid]), fontsize=7, zorder=8,
                        ha="center", va="bottom",
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    if data["events"]:
        ax.scatter([ev["lon"] for ev in data["events"]], [ev["lat"] for ev in data["events"]],
                   s=[(ev["radius"] * 1.6) ** 2 for ev in data["events"]],
                   c=[ev["color"] for ev in data["events"]], edgecolors="#222222",
                   linewidths=0.6, alpha=0.85, zorder=6)
    for p in data["places"]:
        marker = {"circle": "o", "triangle": "^", "square": "s"}.get(p["shape"], "D")
        ax.scatter([p["lon"]], [p["lat"]], marker=marker, s=36, c=p["color"],
                   edgecolors="#222222", linewidths=0.8, zorder=7)
        ax.annotate(html.unescape(p["tooltip"]), (p["lon"], p["lat"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8, zorder=8)
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    mid_lat = math.radians((s + n) / 2)
    ax.set_aspect(1.0 / max(math.cos(mid_lat), 0.05))
    ax.tick_params(labelsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    ax.text(0.995, 0.005, "Places: GeoNames (CC BY 4.0) · Borders: Natural Earth",
            transform=ax.transAxes, fontsize=6, ha="right", va="bottom", color="#4a5568")
    fig.tight_layout()
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", metadata={"Software": None})
    except (ValueError, OSError) as exc:
        raise RenderError(f"cannot draw the PNG: {exc}") from exc
    return buf.getvalue()


def render_png(report_or_dicts: Any, path: str | os.PathLike[str], *, gazetteer: Any = None,
               **kwargs: Any) -> Path:
    """Draw the report as a PNG at ``path`` (written atomically)."""
    return atomic_write(path, png_bytes(report_or_dicts, gazetteer=gazetteer, **kwargs))
