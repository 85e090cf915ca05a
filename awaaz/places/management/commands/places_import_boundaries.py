"""Load province or district outlines from a GeoJSON (or TopoJSON) file an operator provides.

    awaaz places_import_boundaries districts.geojson --level district --code-property ADM2_EN \\
        --source "OCHA COD-AB Pakistan, 2023" --licence "CC BY-IGO 3.0"

The file is checked completely before anything is written: it must exist and be JSON; every
feature must be a Polygon or MultiPolygon with coordinates in degrees and a code; every code must
name a known province or district (by code, slug, English name, Roman-Urdu spelling or alias).
Then the outlines are projected into the map's frame, simplified and stored in one transaction,
so a bad file changes nothing. Features with the same code (a province split in two by the file,
or the former FATA agencies) are joined into one outline. See docs/maps.md.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from awaaz.lib.text import text_problem
from awaaz.places.maps import Point, rings_to_path
from awaaz.places.models import BoundaryLevel, District, Province
from awaaz.places.services import boundaries_store

# Codes and names that older boundary files (Natural Earth admin-1 among them) still use, for
# provinces renamed or merged since: NWFP became Khyber Pakhtunkhwa (2010), the Northern Areas
# Gilgit-Baltistan (2009), and FATA merged into Khyber Pakhtunkhwa (2018).
FORMER_PROVINCES = {
    "pk-nw": "PK-KP",
    "pk-ta": "PK-KP",
    "pk-na": "PK-GB",
    "n.w.f.p.": "PK-KP",
    "north-west frontier province": "PK-KP",
    "f.a.t.a.": "PK-KP",
    "federally administered tribal areas": "PK-KP",
    "northern areas": "PK-GB",
    "f.c.t.": "PK-IS",
    "sind": "PK-SD",
    "baluchistan": "PK-BA",
    "azad kashmir": "PK-JK",
}
MAX_LISTED = 12


def _key(value: object) -> str:
    text = unicodedata.normalize("NFC", str(value)).strip().casefold()
    return " ".join(text.split())


def _province_index() -> dict[str, str]:
    index = dict(FORMER_PROVINCES)
    for p in Province.objects.all():
        for name in [p.code, p.slug, p.name_en, p.name_ur, *p.aliases]:
            index[_key(name)] = p.code
    return index


def _district_index() -> tuple[dict[str, str], set[str]]:
    """Names to district codes; names shared by two districts are returned as ambiguous."""
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    # Ended districts first, so that a current district with the same name wins the name.
    districts = sorted(District.objects.all(), key=lambda d: d.is_current)
    current_codes = {d.code for d in districts if d.is_current}
    for d in districts:
        index[_key(d.code)] = d.code
    names: dict[str, set[str]] = {}
    for d in districts:
        for name in [d.name_en, d.name_ur, *d.roman, *d.aliases]:
            names.setdefault(_key(name), set()).add(d.code)
    for name, codes in names.items():
        if name in index:
            continue
        current = codes & current_codes
        if len(codes) == 1 or len(current) == 1:
            index[name] = next(iter(current or codes))
        else:
            ambiguous.add(name)
    return index, ambiguous


def _topology_features(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Decode a TopoJSON topology into GeoJSON-like features (all objects, in order)."""
    transform = data.get("transform")
    arcs: list[list[Point]] = []
    for arc in data.get("arcs", []):
        points: list[Point] = []
        x = y = 0.0
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)

    def ring(indexes: Sequence[int]) -> list[list[float]]:
        # A negative index ~i means arc i walked backwards; arcs share their end points.
        points: list[Point] = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])
        return [[x, y] for x, y in points]

    def features(geometry: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        kind = geometry.get("type")
        if kind == "GeometryCollection":
            for child in geometry.get("geometries", []):
                yield from features(child)
            return
        if kind == "Polygon":
            coordinates: Any = [ring(r) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            coordinates = None
        yield {
            "type": "Feature",
            "id": geometry.get("id"),
            "properties": geometry.get("properties") or {},
            "geometry": {"type": kind, "coordinates": coordinates},
        }

    result: list[dict[str, Any]] = []
    for obj in data.get("objects", {}).values():
        result.extend(features(obj))
    return result


def _rings(geometry: Mapping[str, Any]) -> list[list[Point]]:
    """The rings of a Polygon or MultiPolygon in degrees; ValueError if they are not that."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates if isinstance(coordinates, list) else []
    else:
        raise ValueError(
            _("the geometry is %(kind)s, not Polygon or MultiPolygon") % {"kind": kind}
        )
    rings: list[list[Point]] = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError(_("a polygon has no coordinates"))
        for ring in polygon:
            points = []
            for position in ring:
                lon, lat = float(position[0]), float(position[1])
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise ValueError(
                        _("coordinates must be longitude and latitude in degrees (WGS 84)")
                    )
                points.append((lon, lat))
            if len(points) < 4:
                raise ValueError(_("a ring has fewer than four positions"))
            rings.append(points)
    return rings


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        shown += " " + _("and %(count)s more") % {"count": len(items) - MAX_LISTED}
    return shown


class Command(BaseCommand):
    help = (
        "Import province or district outlines from a GeoJSON or TopoJSON file (WGS 84 degrees). "
        "Nothing is saved unless the whole file is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .geojson (or TopoJSON .json) file")
        parser.add_argument("--level", required=True, choices=[c.value for c in BoundaryLevel])
        parser.add_argument(
            "--code-property",
            required=True,
            help="the feature property naming the area (its code or name); 'id' for the feature id",
        )
        parser.add_argument("--source", required=True, help="where the file comes from")
        parser.add_argument("--licence", required=True, help="the licence the file is under")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=0.5,
            help="simplification in map units (the map is about 550 wide); default 0.5",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also delete outlines of this level that the file does not contain",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        level: str = options["level"]
        for name in ("source", "licence"):
            problem = text_problem(options[name]) if options[name].strip() else _("it is empty")
            if problem:
                raise CommandError(
                    _("--%(option)s: %(problem)s") % {"option": name, "problem": problem}
                )
        features = self._read(Path(options["file"]))
        outlines = self._outlines(features, level=level, prop=options["code_property"])
        paths = {
            code: rings_to_path(rings, tolerance=options["tolerance"])
            for code, rings in outlines.items()
        }
        empty = sorted(code for code, path in paths.items() if not path)
        if empty:
            raise CommandError(
                _("These outlines vanish at the map's scale; lower --tolerance: %(codes)s")
                % {"codes": _listed(empty)}
            )
        removed = boundaries_store(
            level=level,
            paths=paths,
            source=options["source"].strip(),
            licence=options["licence"].strip(),
            replace=options["replace"],
        )
        size = sum(len(p) for p in paths.values())
        self.stdout.write(
            _(
                "Imported %(count)s %(level)s outlines (%(kb)s KB of path data); "
                "removed %(removed)s."
            )
            % {"count": len(paths), "level": level, "kb": round(size / 1024), "removed": removed}
        )

    def _read(self, path: Path) -> list[dict[str, Any]]:
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as error:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from error
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s is not valid JSON (line %(line)s): %(error)s")
                % {"path": path, "line": error.lineno, "error": error.msg}
            ) from error
        kind = data.get("type") if isinstance(data, dict) else None
        if kind == "Topology":
            return _topology_features(data)
        if kind == "FeatureCollection" and isinstance(data.get("features"), list):
            return [f for f in data["features"] if isinstance(f, dict)]
        raise CommandError(
            _("%(path)s is neither a GeoJSON FeatureCollection nor a TopoJSON Topology.")
            % {"path": path}
        )

    def _outlines(
        self, features: Sequence[Mapping[str, Any]], *, level: str, prop: str
    ) -> dict[str, list[list[Point]]]:
        if not features:
            raise CommandError(_("The file contains no features."))
        if level == BoundaryLevel.PROVINCE:
            index, ambiguous = _province_index(), set[str]()
        else:
            index, ambiguous = _district_index()
        problems: list[str] = []
        unknown: list[str] = []
        outlines: dict[str, list[list[Point]]] = {}
        for number, feature in enumerate(features, start=1):
            properties = feature.get("properties") or {}
            value = feature.get("id") if prop == "id" else properties.get(prop)
            if value in (None, ""):
                problems.append(
                    _("feature %(number)s has no %(property)s")
                    % {"number": number, "property": prop}
                )
                continue
            try:
                rings = _rings(feature.get("geometry") or {})
            except (ValueError, TypeError, IndexError) as error:
                message = (
                    str(error) if isinstance(error, ValueError) else _("malformed coordinates")
                )
                problems.append(
                    _("feature %(number)s (%(name)s): %(problem)s")
                    % {"number": number, "name": value, "problem": message}
                )
                continue
            key = _key(value)
            if key.startswith("pk."):
                key = key.replace(".", "-")
            if key in ambiguous:
                problems.append(
                    _("feature %(number)s: %(name)s names more than one district; use codes")
                    % {"number": number, "name": value}
                )
            elif key not in index:
                unknown.append(str(value))
            else:
                outlines.setdefault(index[key], []).extend(rings)
        if unknown:
            problems.append(
                _("these names match no known %(level)s: %(names)s")
                % {"level": level, "names": _listed(unknown)}
            )
        if problems:
            raise CommandError(
                _("Nothing was imported. Problems found:") + "\n- " + "\n- ".join(problems)
            )
        return outlines
