"""Interactive maps of reports with folium: places, events, verified claims and areas as
Leaflet layers; offline pages, embeds, and a fast path for very many events.

Renderers work only from the contract dict (``Report.to_dict()``), never from text. Every
document string is HTML-escaped here in Python; data reaches JavaScript as escaped JSON.
"""

from __future__ import annotations

import html
import logging
import math
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import assets
from .atomic import atomic_write
from .exceptions import GeoEventsError, RenderError

log = logging.getLogger(__name__)

__all__ = ["build_map", "save_map", "render_html", "embed_iframe", "embed_fragment",
           "report_dicts", "map_data", "EVENT_COLORS", "VERDICT_COLORS",
           # helpers the other renderers (export, htmlreport, static) share
           "esc", "fmt", "num", "latlon", "place_kind", "event_location",
           "claim_estimate", "resolve_gazetteer"]

LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"
JQUERY_CDN = "https://code.jquery.com/jquery-3.7.1.min.js"

EVENT_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#8c1a4b",
    "Protests": "#1f77b4",
    "Riots": "#9467bd",
    "Strategic developments": "#2ca02c",
}
OTHER_EVENT_COLOR = "#7f7f7f"
VERDICT_COLORS = {"consistent": "#1a9850", "approximate": "#f39c12",
                  "inconsistent": "#d73027", "unverifiable": "#888888"}
_KIND_STYLE = {  # kind -> (colour, shape)
    "city": ("#2b6cb0", "circle"), "airbase": ("#c05621", "triangle"),
    "airport": ("#c05621", "triangle"), "country": ("#553c9a", "square"),
    "admin1": ("#6b46c1", "square"), "admin2": ("#805ad5", "square"),
    "admin3": ("#9f7aea", "square"), "river": ("#3182ce", "diamond"),
    "water": ("#3182ce", "diamond"), "lake": ("#3182ce", "diamond"),
}
_OTHER_KIND = ("#4a5568", "diamond")
_AREA_KINDS = {"country", "admin1", "admin2"}
_COMPASS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
            "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
GEONAMES_ATTRIBUTION = "Places: GeoNames (CC BY 4.0)"

_RUNTIME_JS = r"""window.geoEvents = window.geoEvents || (function () {
  "use strict";
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"'\/`=]/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }
  var SHAPES = {
    circle: '<circle cx="7" cy="7" r="5"/>',
    triangle: '<path d="M7 1.5 L12.5 12 L1.5 12 Z"/>',
    square: '<rect x="2" y="2" width="10" height="10"/>',
    diamond: '<path d="M7 1 L13 7 L7 13 L1 7 Z"/>'
  };
  function placeIcon(p) {
    return L.divIcon({
      className: "ge-place ge-kind-" + p.kind, iconSize: [14, 14], iconAnchor: [7, 7],
      html: '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" fill="' +
        p.color + '" stroke="#222" stroke-width="1.3">' + (SHAPES[p.shape] || SHAPES.diamond) +
        "</svg>"
    });
  }
  function fastPopup(f, row) {
    var s = f.strings;
    var h = '<div class="ge-popup"><h4>' + esc(f.types[row[2]][0]) + "</h4><p>" +
      esc(s[row[4]] || "date unknown") + " \u00b7 " + esc(s[row[5]] || "place unknown") + "</p>";
    if (row[7] || row[8]) { h += "<p>Actors: " + esc(s[row[7]] || "?") + (row[8] ? " vs " + esc(s[row[8]]) : "") + "</p>"; }
    if (row[3] !== null) { h += "<p>Fatalities: " + esc(row[3]) + "</p>"; }
    return h + "<blockquote>" + esc(s[row[6]]) + "</blockquote></div>";
  }
  function fastRadius(n) { return n > 0 ? Math.min(5 + 2.5 * Math.sqrt(n), 24) * 0.7 : 3.5; }
  // Very many events: one canvas redrawn on moveend, hit-tested on click (no per-point objects).
  var Points = L.Layer.extend({
    initialize: function (f) { this._f = f; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "ge-points leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      map.on("click", this._click, this);
      this._redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      map.off("click", this._click, this);
    },
    _redraw: function () {
      var map = this._map, size = map.getSize(), c = this._canvas, f = this._f, n = f.rows.length;
      var dpr = window.devicePixelRatio || 1, i, r, p;
      L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
      c.width = size.x * dpr; c.height = size.y * dpr;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      var xs = this._xs = new Float32Array(n), ys = this._ys = new Float32Array(n);
      var byType = f.types.map(function () { return []; }), shown = 0;
      for (i = 0; i < n; i++) {
        r = f.rows[i];
        p = map.latLngToContainerPoint([r[0], r[1]]);
        xs[i] = p.x; ys[i] = p.y;
        if (p.x > -30 && p.y > -30 && p.x < size.x + 30 && p.y < size.y + 30) { byType[r[2]].push(i); shown++; }
      }
      ctx.lineWidth = 0.5; ctx.strokeStyle = "#222"; ctx.globalAlpha = 0.8;
      byType.forEach(function (idx, t) {
        ctx.fillStyle = f.types[t][1];
        ctx.beginPath();
        idx.forEach(function (j) {
          var rad = fastRadius(f.rows[j][3]);
          ctx.moveTo(xs[j] + rad, ys[j]);
          ctx.arc(xs[j], ys[j], rad, 0, 2 * Math.PI);
        });
        ctx.fill(); ctx.stroke();
      });
      map.getContainer().setAttribute("data-ge-points", String(shown));
    },
    _click: function (e) {
      var f = this._f, p = e.containerPoint, best = -1, bestD = Infinity, i, dx, dy, d, rad;
      for (i = 0; i < f.rows.length; i++) {
        dx = this._xs[i] - p.x; dy = this._ys[i] - p.y; d = dx * dx + dy * dy;
        rad = fastRadius(f.rows[i][3]) + 2;
        if (d <= rad * rad && d < bestD) { best = i; bestD = d; }
      }
      if (best >= 0) {
        L.popup().setLatLng([f.rows[best][0], f.rows[best][1]])
          .setContent(fastPopup(f, f.rows[best])).openOn(this._map);
      }
    }
  });
  function drawn(map) {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        map.getContainer().setAttribute("data-ge-drawn", "1");
        window.geoEventsDrawn = (window.geoEventsDrawn || 0) + 1;
      });
    });
  }
  function render(map, d) {
    var overlays = {};
    if (d.basemap && d.basemap.features.length) {
      map.createPane("geBasemap");
      map.getPane("geBasemap").style.zIndex = 250;
      map.getContainer().style.background = "#d4e6f1";
      L.geoJSON(d.basemap, {
        pane: "geBasemap", interactive: false,
        style: function (f) {
          var k = f.properties.kind;
          if (k === "river") { return {color: "#5b9bd5", weight: 1, fill: false}; }
          if (k === "lake") { return {color: "#5b9bd5", weight: 1, fillColor: "#d4e6f1", fillOpacity: 1}; }
          if (k === "admin1") { return {color: "#aaa", weight: 0.6, dashArray: "2 3", fill: false}; }
          return {color: "#888", weight: 1, fillColor: "#f6f3ec", fillOpacity: 1};
        }
      }).addTo(map);
    }
    if (d.areas.length) {
      var areas = L.featureGroup();
      d.areas.forEach(function (a) {
        L.geoJSON(a.geometry, {style: {color: "#6a3d9a", weight: 2, fillOpacity: 0.07, className: "ge-area"}})
          .bindTooltip(a.tooltip).bindPopup(a.popup).addTo(areas);
      });
      overlays["Areas"] = areas.addTo(map);
    }
    var kinds = {};
    d.places.forEach(function (p) {
      var g = kinds[p.kind] || (kinds[p.kind] = L.featureGroup());
      L.marker([p.lat, p.lon], {icon: placeIcon(p), keyboard: false})
        .bindTooltip(p.tooltip).bindPopup(p.popup).addTo(g);
    });
    Object.keys(kinds).sort().forEach(function (k) { overlays["Places: " + esc(k)] = kinds[k].addTo(map); });
    if (d.claims.length) {
      var claims = L.featureGroup();
      d.claims.forEach(function (c) {
        if (c.wedge) {
          L.polygon(c.wedge, {color: c.color, weight: 1, dashArray: "4 4", fillOpacity: 0.12, className: "ge-claim-wedge"})
            .bindPopup(c.popup).addTo(claims);
        }
        if (c.circle) {
          L.circle([c.circle.lat, c.circle.lon], {radius: c.circle.radius_m, color: c.color, weight: 1,
            dashArray: "2 4", fillOpacity: 0.1, className: "ge-claim-estimate"}).bindPopup(c.popup).addTo(claims);
        }
        if (c.line) {
          L.polyline(c.line, {color: c.color, weight: 3, className: "ge-claim"}).bindPopup(c.popup)
            .bindTooltip(c.label, {permanent: c.permanent, direction: "center", className: "ge-claim-label"})
            .addTo(claims);
        }
      });
      overlays["Claims"] = claims.addTo(map);
    }
    var layers = [];
    d.events.forEach(function (e) {
      layers.push(L.circleMarker([e.lat, e.lon], {radius: e.radius, color: "#222", weight: 1,
        fillColor: e.color, fillOpacity: 0.85, className: "ge-event"})
        .bindTooltip(e.tooltip).bindPopup(e.popup));
    });
    if (layers.length) { overlays["Events"] = L.featureGroup(layers).addTo(map); }
    if (d.fast) { overlays["Events"] = new Points(d.fast).addTo(map); }
    L.control.layers(null, overlays, {collapsed: true}).addTo(map);
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "ge-legend");
      div.innerHTML = d.legend;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    if (map.attributionControl) { map.attributionControl.addAttribution(d.attribution); }
    if (d.bounds) { map.fitBounds(d.bounds, {padding: [24, 24], maxZoom: 11, animate: false}); }
    else { map.setView([25, 20], 2); }
    drawn(map);
    return map;
  }
  return {render: render, esc: esc};
})();
"""

_CSS = """
.ge-place{background:none;border:none}
.ge-legend{background:#fff;padding:6px 8px;font:12px/1.45 sans-serif;color:#222;
 border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:230px}
.ge-legend b{display:block;margin-top:3px}
.ge-legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;
 vertical-align:-1px;border:1px solid #333}
.ge-claim-label{font:11px/1.2 sans-serif;padding:2px 4px;white-space:nowrap}
.ge-popup{font:12px/1.4 sans-serif;max-width:320px}
.ge-popup h4{margin:0 0 4px;font-size:13px}
.ge-popup p{margin:2px 0}
.ge-popup blockquote{margin:4px 0 0;padding-left:6px;border-left:3px solid #ccc;color:#333}
"""


def esc(value: Any) -> str:
    """HTML-escape anything from a document (quotes too; ``/`` and backticks as entities)."""
    return (html.escape("" if value is None else str(value), quote=True)
            .replace("/", "&#x2F;").replace("`", "&#x60;"))


# ---------------------------------------------------------------- input normalisation

def report_dicts(report_or_dicts: Any) -> list[dict[str, Any]]:
    """One ``Report``, one contract dict, or an iterable of either -> list of contract dicts."""
    obj = report_or_dicts
    if hasattr(obj, "to_dict") and not isinstance(obj, Mapping):
        return [obj.to_dict()]
    if isinstance(obj, Mapping):
        if not any(k in obj for k in ("places", "events", "claims")):
            raise RenderError("a report dict needs places, claims or events "
                              "(see CONTRACT.md)")
        return [dict(obj)]
    if isinstance(obj, (str, bytes)) or not isinstance(obj, Iterable):
        raise RenderError(f"cannot render {type(obj).__name__}: give a Report or its dict")
    out: list[dict[str, Any]] = []
    for item in obj:
        out += report_dicts(item)
    return out


def num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def latlon(obj: Mapping[str, Any] | None) -> tuple[float, float] | None:
    if not isinstance(obj, dict):
        if not isinstance(obj, Mapping):
            return None
    try:
        lat, lon = float(obj.get("lat")), float(obj.get("lon"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (-90.0 <= lat <= 90.0 and -360.0 <= lon <= 360.0):  # also rejects NaN
        return None
    if not -180.0 <= lon < 180.0:
        lon = ((lon + 180.0) % 360.0) - 180.0 if lon != 180.0 else lon
    return round(lat, 5), round(lon, 5)


def place_kind(place: Mapping[str, Any]) -> str:
    kind = str(place.get("kind") or "")
    if not kind:
        from .place import feature_kind

        kind = feature_kind(place.get("feature_class"), place.get("feature_code"))
    return re.sub(r"[^a-z0-9-]", "", kind.lower())[:20] or "place"


def _key(*values: Any) -> tuple:
    return tuple("" if v is None else (f"{v:020.6f}" if isinstance(v, (int, float)) else str(v))
                 for v in values)


def _event_sort_key(item: tuple) -> tuple:
    (lat, lon), ev, title = item
    start = ev.get("start")
    return (str(ev.get("date") or ""), lat, lon, str(ev.get("event_type") or ""),
            start if isinstance(start, int) else -1, str(ev.get("sentence") or ""),
            str(title or ""))


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "?"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- geodesy helpers

def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _azimuth(direction: str | None) -> float | None:
    if not direction:
        return None
    d = str(direction).upper().strip()
    return _COMPASS.index(d) * 22.5 if d in _COMPASS else None


def _geodesic_line(a: tuple[float, float], b: tuple[float, float], n: int = 24) -> list:
    geod = _geod()
    mid = geod.npts(a[1], a[0], b[1], b[0], n)
    pts = [a] + [(lat, lon) for lon, lat in mid] + [b]
    return [[round(lat, 5), round(lon, 5)] for lat, lon in pts]


def _wedge(ref: tuple[float, float], az: float, half: float, inner_km: float,
           outer_km: float, steps: int = 12) -> list:
    geod = _geod()
    angles = [az - half + 2 * half * i / steps for i in range(steps + 1)]
    outer = [geod.fwd(ref[1], ref[0], a, outer_km * 1000.0)[:2] for a in angles]
    if inner_km > 0:
        inner = [geod.fwd(ref[1], ref[0], a, inner_km * 1000.0)[:2] for a in reversed(angles)]
    else:
        inner = [(ref[1], ref[0])]
    return [[round(lat, 5), round(lon, 5)] for lon, lat in outer + inner]


# ---------------------------------------------------------------- layer data

def _place_popup(place: Mapping[str, Any], mentions: list[str], title: str | None) -> str:
    meta = ", ".join(esc(x) for x in (place.get("admin1"), place.get("country_code")) if x)
    said = ", ".join(sorted({f"“{esc(m)}”" for m in mentions}))
    parts = [f'<div class="ge-popup"><h4>{esc(place.get("name"))}</h4>',
             f"<p>{esc(place_kind(place))}{' · ' + meta if meta else ''}</p>",
             f"<p>{fmt(num(place.get('lat')), 5)}, {fmt(num(place.get('lon')), 5)} "
             f"· {esc(place.get('id'))}</p>"]
    if said:
        parts.append(f"<p>Mentioned as {said}</p>")
    if title:
        parts.append(f"<p><i>{esc(title)}</i></p>")
    return "".join(parts) + "</div>"


def _event_color(event_type: Any) -> str:
    return EVENT_COLORS.get(str(event_type), OTHER_EVENT_COLOR)


def _event_radius(fatalities: Any) -> float:
    n = num(fatalities) or 0.0
    return round(min(5.0 + 2.5 * math.sqrt(max(n, 0.0)), 24.0), 1)


def event_location(ev: Mapping[str, Any]) -> tuple[float, float] | None:
    loc = ev.get("location") or {}
    return latlon(loc) or latlon(loc.get("place") if isinstance(loc, Mapping) else None)


def _event_popup(ev: Mapping[str, Any], title: str | None) -> str:
    loc = ev.get("location") or {}
    where = loc.get("text") or (loc.get("place") or {}).get("name")
    head = esc(ev.get("event_type"))
    if ev.get("sub_event_type"):
        head += f" — {esc(ev.get('sub_event_type'))}"
    parts = [f'<div class="ge-popup"><h4>{head}</h4>',
             f"<p>{esc(ev.get('date') or 'date unknown')} · {esc(where or 'place unknown')}</p>"]
    if ev.get("actor1") or ev.get("actor2"):
        actors = esc(ev.get("actor1") or "?")
        if ev.get("actor2"):
            actors += f" vs {esc(ev.get('actor2'))}"
        parts.append(f"<p>Actors: {actors}</p>")
    counts = [f"{label}: {esc(ev.get(k))}" for k, label in
              (("fatalities", "Fatalities"), ("wounded", "Wounded"), ("attacks", "Attacks"),
               ("displaced", "Displaced")) if ev.get(k) is not None]
    if counts:
        parts.append(f"<p>{' · '.join(counts)}</p>")
    if ev.get("sentence"):
        parts.append(f"<blockquote>{esc(ev.get('sentence'))}</blockquote>")
    if title:
        parts.append(f"<p><i>{esc(title)}</i></p>")
    return "".join(parts) + "</div>"


def _claim_label(c: Mapping[str, Any]) -> str:
    st, me = c.get("stated") or {}, c.get("measured") or {}
    stated = "stated"
    if num(st.get("value")) is not None:
        stated += f" {fmt(num(st.get('value')))} {st.get('unit') or 'km'}"
    if st.get("direction"):
        stated += f" {st.get('direction')}"
    if stated == "stated":
        stated = str(st.get("relation") or c.get("kind") or "stated")
    measured = "measured"
    if num(me.get("distance_km")) is not None:
        measured += f" {fmt(num(me.get('distance_km')))} km"
    if me.get("direction"):
        measured += f" {me.get('direction')}"
    if measured == "measured":
        measured = "not measured"
    return esc(f"{stated} · {measured}")


def _claim_popup(c: Mapping[str, Any], title: str | None) -> str:
    verdict = str(c.get("verdict") or "unverifiable")
    ref = (c.get("reference") or {}).get("text")
    tgt = (c.get("target") or {}).get("text")
    parts = [f'<div class="ge-popup"><h4>{esc(verdict)}: {esc(tgt or "?")} from '
             f"{esc(ref or '?')}</h4>",
             f"<p>{_claim_label(c)}</p>",
             f"<p>{esc(c.get('explanation') or '')}</p>"]
    if c.get("text"):
        parts.append(f"<blockquote>{esc(c.get('text'))}</blockquote>")
    if title:
        parts.append(f"<p><i>{esc(title)}</i></p>")
    return "".join(parts) + "</div>"


def claim_estimate(c: Mapping[str, Any]) -> Mapping[str, Any] | None:
    tgt = c.get("target") or {}
    for est in (tgt.get("estimate"), c.get("estimate")):
        if isinstance(est, Mapping) and latlon(est):
            return est
    return None


def _claim_feature(c: Mapping[str, Any], title: str | None) -> dict[str, Any] | None:
    ref = latlon((c.get("reference") or {}).get("place"))
    tgt_place = latlon((c.get("target") or {}).get("place"))
    est = claim_estimate(c)
    tgt = tgt_place or (latlon(est) if est else None)
    color = VERDICT_COLORS.get(str(c.get("verdict")), VERDICT_COLORS["unverifiable"])
    kind = str(c.get("kind"))
    feat: dict[str, Any] = {"color": color, "label": _claim_label(c),
                            "popup": _claim_popup(c, title), "line": None, "wedge": None,
                            "circle": None,
                            "permanent": kind in ("distance_direction", "distance", "direction")}
    if est is not None:
        radius = num(est.get("radius_km")) or 0.0
        lat, lon = latlon(est)  # type: ignore[misc]
        feat["circle"] = {"lat": lat, "lon": lon, "radius_m": round(max(radius, 0.1) * 1000.0)}
    areal = kind in ("containment", "descriptor")  # "northern Iraq": no line, no wedge
    if ref and tgt and not areal and ref != tgt:
        feat["line"] = _geodesic_line(ref, tgt)
    st = c.get("stated") or {}
    az = _azimuth(st.get("direction"))
    if ref and az is not None and not areal:
        tol = c.get("tolerance") or {}
        d = str(st.get("direction")).strip()
        # the sector and band the verifier accepts (verify.py tolerance), else defaults
        half = num(tol.get("bearing_deg"))
        if half is None and num(tol.get("direction_deg")) is not None:
            half = num(tol.get("direction_deg")) + (num(tol.get("angular_extent_deg")) or 0.0)
        if half is None:
            half = {1: 45.0, 2: 22.5}.get(len(d), 11.25)
        km = num(st.get("value_km"))
        low, high = num(tol.get("low_km")), num(tol.get("high_km"))
        if low is not None and high is not None and high > low >= 0:
            inner, outer = low, high
        elif km is not None and km > 0:
            band = num(tol.get("distance_km")) or max(0.15 * km, 5.0)
            inner, outer = max(km - band, 0.0), km + band
        else:
            measured = num((c.get("measured") or {}).get("distance_km"))
            inner, outer = 0.0, max((measured or 50.0) * 1.25, 10.0)
        feat["wedge"] = _wedge(ref, az, min(half, 90.0), inner, outer)
    if not (feat["line"] or feat["wedge"] or feat["circle"]):
        return None
    return feat


def _area_features(places: dict[str, tuple], gazetteer: Any) -> list[dict[str, Any]]:
    if gazetteer is None:
        return []
    import shapely

    out = []
    for pid in sorted(places):
        place, _mentions, _title = places[pid]
        if place_kind(place) not in _AREA_KINDS:
            continue
        try:
            geom = gazetteer.geometry(pid)
        except (GeoEventsError, OSError, ValueError) as exc:
            log.debug("no geometry for %s: %s", pid, exc)
            continue
        if geom is None or geom.is_empty:
            continue
        simple = shapely.simplify(geom, 0.01, preserve_topology=True)
        out.append({"geometry": assets._rounded(shapely.geometry.mapping(simple), 4),
                    "tooltip": esc(place.get("name")),
                    "popup": f'<div class="ge-popup"><h4>{esc(place.get("name"))}</h4>'
                             f"<p>{esc(place_kind(place))}</p></div>",
                    "bbox": [round(v, 5) for v in geom.bounds]})
    return out


def _fast_events(rows_in: list[tuple]) -> dict[str, Any]:
    """Events as compact rows with a shared string table; the page builds (and escapes)
    each popup when it is opened."""
    strings: dict[str, int] = {"": 0}
    intern = strings.setdefault
    types: dict[str, int] = {}
    rows = []
    for (lat, lon), ev, _title in rows_in:
        et = str(ev.get("event_type") or "event")
        t = types.setdefault(et, len(types))
        loc = ev.get("location") or {}
        where = loc.get("text") or (loc.get("place") or {}).get("name")
        fat = ev.get("fatalities")
        fat = int(fat) if isinstance(fat, (int, float)) and math.isfinite(fat) else None
        row = [lat, lon, t, fat]
        for value in (ev.get("date"), where, ev.get("sentence"), ev.get("actor1"),
                      ev.get("actor2")):
            text = "" if value is None else str(value)
            row.append(intern(text, len(strings)))
        rows.append(row)
    return {"strings": list(strings), "rows": rows,
            "types": [[t, _event_color(t)] for t in types]}


def _legend(kinds: set[str], event_types: set[str], verdicts: set[str]) -> str:
    parts = []
    if event_types:
        parts.append("<b>Events</b>")
        parts += [f'<span><i style="background:{_event_color(t)}"></i>{esc(t)}</span><br>'
                  for t in sorted(event_types)]
        parts.append("<span>size: fatalities</span><br>")
    if verdicts:
        parts.append("<b>Claims</b>")
        parts += [f'<span><i style="background:{VERDICT_COLORS.get(v, "#888")}"></i>'
                  f"{esc(v)}</span><br>" for v in sorted(verdicts)]
    if kinds:
        parts.append("<b>Places</b>")
        parts += [f'<span><i style="background:{_KIND_STYLE.get(k, _OTHER_KIND)[0]}"></i>'
                  f"{esc(k)}</span><br>" for k in sorted(kinds)]
    return "".join(parts) or "<span>nothing to map</span>"


def map_data(report_or_dicts: Any, *, gazetteer: Any = None, fast_threshold: int = 1000,
             basemap: bool = False, offline: bool = False) -> dict[str, Any]:
    """Everything the map's JavaScript draws, as a JSON-ready dict (escaped HTML strings)."""
    import gc

    paused = gc.isenabled()
    gc.disable()  # building 1e5 small containers otherwise triggers repeated full collections
    try:
        return _map_data(report_or_dicts, gazetteer=gazetteer, fast_threshold=fast_threshold,
                         basemap=basemap, offline=offline)
    finally:
        if paused:
            gc.enable()


def _map_data(report_or_dicts: Any, *, gazetteer: Any, fast_threshold: int, basemap: bool,
              offline: bool) -> dict[str, Any]:
    reports = report_dicts(report_or_dicts)
    places: dict[str, tuple] = {}
    events: list[tuple] = []
    claims: list[tuple] = []
    for rep in reports:
        doc = rep.get("document") or {}
        title = doc.get("title") or doc.get("id")
        for m in rep.get("places") or []:
            place = m.get("place") if isinstance(m, Mapping) else None
            if not isinstance(place, Mapping) or not latlon(place):
                continue
            pid = str(place.get("id") or f"{place.get('name')}@{latlon(place)}")
            entry = places.setdefault(pid, (place, [], title))
            entry[1].append(str(m.get("text") or ""))
        for ev in rep.get("events") or []:
            ll = event_location(ev)
            if ll:
                events.append((ll, ev, title))
        for c in rep.get("claims") or []:
            claims.append((c, title))
    events.sort(key=_event_sort_key)
    claims.sort(key=lambda t: _key(t[1], t[0].get("start"), t[0].get("text")))

    place_feats = []
    for pid in sorted(places):
        place, mentions, title = places[pid]
        lat, lon = latlon(place)  # type: ignore[misc]
        kind = place_kind(place)
        color, shape = _KIND_STYLE.get(kind, _OTHER_KIND)
        place_feats.append({"lat": lat, "lon": lon, "kind": kind, "color": color,
                            "shape": shape, "tooltip": esc(place.get("name")),
                            "popup": _place_popup(place, mentions, title)})
    fast = len(events) > fast_threshold
    event_feats = [] if fast else [
        {"lat": ll[0], "lon": ll[1], "color": _event_color(ev.get("event_type")),
         "radius": _event_radius(ev.get("fatalities")),
         "tooltip": esc(f"{ev.get('event_type') or 'event'} · {ev.get('date') or '?'}"),
         "popup": _event_popup(ev, title)} for ll, ev, title in events]
    claim_feats = [f for f in (_claim_feature(c, t) for c, t in claims) if f]
    areas = _area_features(places, gazetteer)

    lats: list[float] = []
    lons: list[float] = []
    for f in place_feats:
        lats.append(f["lat"])
        lons.append(f["lon"])
    for ll, _ev, _t in events:
        lats.append(ll[0])
        lons.append(ll[1])
    for f in claim_feats:  # fit to what was said and where, not to tolerance shapes
        for lat, lon in f["line"] or []:
            lats.append(lat)
            lons.append(lon)
        if f["circle"]:
            lats.append(f["circle"]["lat"])
            lons.append(f["circle"]["lon"])
    if not lats:
        for a in areas:
            lons += [a["bbox"][0], a["bbox"][2]]
            lats += [a["bbox"][1], a["bbox"][3]]
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]] if lats else None
    for a in areas:
        del a["bbox"]

    data: dict[str, Any] = {
        "places": place_feats, "events": event_feats, "claims": claim_feats, "areas": areas,
        "fast": _fast_events(events) if fast else None,
        "legend": _legend({f["kind"] for f in place_feats},
                          {str(ev.get("event_type") or "event") for _ll, ev, _t in events},
                          {str(c.get("verdict") or "unverifiable") for c, _t in claims}),
        "bounds": bounds,
        "attribution": (assets.OFFLINE_ATTRIBUTION if offline else GEONAMES_ATTRIBUTION),
        "basemap": None,
    }
    if basemap:
        bm_bounds = (bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1]) if bounds else None
        data["basemap"] = assets.basemap_geojson(gazetteer, bm_bounds)
    return data


# ---------------------------------------------------------------- folium glue

def resolve_gazetteer(gazetteer: Any, offline: bool) -> Any:
    if gazetteer is not None or not offline:
        return gazetteer
    try:
        from .report import default_gazetteer

        return default_gazetteer()
    except GeoEventsError as exc:
        log.warning("offline map without a basemap: %s", exc)
        return None


def _raw_element(text: str):
    """A branca Element whose text is output as is (branca would parse a plain Element's
    text as a Jinja template: slow for megabytes, and unsafe for document strings)."""
    from branca.element import Element
    from jinja2 import Template

    class Raw(Element):
        _template = Template("{{ this.text }}")

        def __init__(self, text: str) -> None:
            super().__init__()
            self._name = "Raw"
            self.text = text

    return Raw(text)


def _layer_element(payload: str):
    from branca.element import MacroElement

    class GeoEventsLayers(MacroElement):
        """Our layers, legend and controls, drawn by one small script from escaped JSON."""

        def __init__(self, payload: str) -> None:
            super().__init__()
            self._name = "GeoEventsLayers"
            self.payload = payload

        def render(self, **kwargs: Any) -> None:
            figure = self.get_root()
            figure.header.add_child(
                _raw_element(f"<style>{_CSS}</style><script>{_RUNTIME_JS}</script>"),
                name=self.get_name())
            figure.script.add_child(
                _raw_element(f"geoEvents.render({self._parent.get_name()}, {self.payload});"),
                name=self.get_name())

    return GeoEventsLayers(payload)


def _inline_assets_element():
    return _raw_element(assets.inline_header())


def _fix_ids(root: Any) -> None:
    """Replace folium's random element ids with a counter, so output is byte-stable."""
    counter = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        el = stack.pop(0)
        if id(el) in seen:
            continue
        seen.add(id(el))
        el._id = f"ge{counter:05d}"
        counter += 1
        stack[0:0] = list(getattr(el, "_children", {}).values())


def build_map(report_or_dicts: Any, *, offline: bool = False, gazetteer: Any = None,
              fast_threshold: int = 1000, title: str | None = None):
    """A ``folium.Map`` of one report (or many report dicts, for overview maps)."""
    import folium
    from branca.element import Figure

    gaz = resolve_gazetteer(gazetteer, offline)
    data = map_data(report_or_dicts, gazetteer=gaz, fast_threshold=fast_threshold,
                    basemap=offline, offline=offline)
    if title is None:
        titles = [r.get("document", {}).get("title") for r in report_dicts(report_or_dicts)]
        title = next((t for t in titles if t), None)
    fig = Figure(title=esc(title or "geo-events map"))
    b = data["bounds"]
    center = [(b[0][0] + b[1][0]) / 2, (b[0][1] + b[1][1]) / 2] if b else [25.0, 20.0]
    m = folium.Map(location=center, zoom_start=6 if b else 2,
                   tiles=None if offline else "OpenStreetMap",
                   prefer_canvas=False, control_scale=False, zoom_control=True)
    if offline:
        m.default_js, m.default_css = [], []
        fig.header.add_child(_inline_assets_element(), name="ge_assets")
    else:
        m.default_js = [("leaflet", LEAFLET_CDN + "leaflet.js"), ("jquery", JQUERY_CDN)]
        m.default_css = [("leaflet_css", LEAFLET_CDN + "leaflet.css")]
    fig.add_child(m, name="map")
    m.add_child(_layer_element(assets.script_json(data)), name="ge_layers")
    _fix_ids(fig)
    return m


def _render(m: Any, offline: bool) -> str:
    text = m.get_root().render()
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    if offline:
        assets.check_offline(text)
    return text


def render_html(report_or_dicts: Any, *, offline: bool = False, gazetteer: Any = None,
                fast_threshold: int = 1000, title: str | None = None) -> str:
    """The full standalone HTML page of a map; same input, same bytes."""
    m = build_map(report_or_dicts, offline=offline, gazetteer=gazetteer,
                  fast_threshold=fast_threshold, title=title)
    return _render(m, offline)


def save_map(report_or_dicts: Any, path: str | os.PathLike[str], *, offline: bool = False,
             gazetteer: Any = None, fast_threshold: int = 1000) -> Path:
    """Render and write a map page atomically; returns the path."""
    text = render_html(report_or_dicts, offline=offline, gazetteer=gazetteer,
                       fast_threshold=fast_threshold)
    return atomic_write(path, text)


def embed_iframe(report: Any, *, gazetteer: Any = None, height: int = 480,
                 offline: bool = True) -> str:
    """An ``<iframe srcdoc>`` holding a whole self-contained page (Jupyter, CMS embeds)."""
    page = render_html(report, offline=offline, gazetteer=gazetteer)
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" title="geo-events map" '
            f'sandbox="allow-scripts" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe>')


def embed_fragment(reports: Any, *, gazetteer: Any = None, offline: bool = True,
                   height: int = 480, id_prefix: str = "ge-map", assets_header: bool = True,
                   fast_threshold: int = 1000) -> str:
    """``<div>`` + ``<script>`` for one or several maps, sharing one asset header, without any
    page-wide CSS (only ``.leaflet-*`` and ``.ge-*`` rules), to paste into a host page."""
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "ge-map"
    items = report_dicts(reports)
    gaz = resolve_gazetteer(gazetteer, offline)
    parts = []
    if assets_header:
        if offline:
            parts.append(assets.inline_header())
        else:
            parts.append(f'<link rel="stylesheet" href="{LEAFLET_CDN}leaflet.css">'
                         f'<script src="{LEAFLET_CDN}leaflet.js"></script>')
        parts.append(f"<style>{_CSS}</style><script>{_RUNTIME_JS}</script>")
    for i, rep in enumerate(items):
        data = map_data(rep, gazetteer=gaz, basemap=offline, offline=offline,
                        fast_threshold=fast_threshold)
        div = f"{prefix}-{i}"
        tiles = "" if offline else (
            'L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",{maxZoom:19,'
            'attribution:"\\u00a9 OpenStreetMap contributors"}).addTo(m);')
        parts.append(f'<div id="{div}" class="ge-map" style="position:relative;width:100%;'
                     f'height:{int(height)}px"></div>\n<script>(function(){{var m=L.map("{div}");'
                     f"{tiles}geoEvents.render(m,{assets.script_json(data)});}})();</script>")
    text = '<div class="geo-events-maps">\n' + "\n".join(parts) + "\n</div>\n"
    if offline:
        assets.check_offline(text)
    return text
