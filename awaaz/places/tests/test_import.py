"""places_import_boundaries: a good file is loaded and drawn; a bad one changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from awaaz.places import maps, selectors
from awaaz.places.models import Boundary, Province
from awaaz.places.services import DATA_DIR, places_load


def _square(lon: float, lat: float, size: float = 0.3) -> list[list[list[float]]]:
    return [
        [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    ]


def _feature(props: dict[str, Any], geometry: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": geometry or {"type": "Polygon", "coordinates": _square(72.9, 33.5)},
    }


def _collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


class ImportBoundariesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        places_load(files=[DATA_DIR / "provinces" / "islamabad.json"])
        Province.objects.create(
            code="PK-KP",
            slug="khyber-pakhtunkhwa",
            name_en="Khyber Pakhtunkhwa",
            name_ur="خیبر پختونخوا",
            kind="province",
            sort_order=3,
        )

    def setUp(self) -> None:
        self.tmp = TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        # An outline already in place: a failed import must leave it exactly as it is.
        self.existing = Boundary.objects.create(
            level="province", code="PK-IS", path="M1 1l2 0 0 2z", source="earlier", licence="CC0"
        )

    def _write(self, data: object, name: str = "") -> str:
        # Each file gets its own name, so that several can be prepared before any is imported.
        self.written = getattr(self, "written", 0) + 1
        path = Path(self.tmp.name) / (name or f"b{self.written}.geojson")
        text = data if isinstance(data, str) else json.dumps(data)
        path.write_text(text, encoding="utf-8")
        return str(path)

    def _import(self, path: str, level: str = "district", prop: str = "NAME", *extra: str) -> None:
        call_command(
            "places_import_boundaries",
            path,
            "--level",
            level,
            "--code-property",
            prop,
            "--source",
            "Synthetic test outlines",
            "--licence",
            "CC0",
            *extra,
        )

    def _assert_nothing_changed(self) -> None:
        assert list(Boundary.objects.values_list("code", "path", "source")) == [
            ("PK-IS", "M1 1l2 0 0 2z", "earlier")
        ]

    def test_a_district_file_is_loaded_and_the_map_draws_real_outlines(self) -> None:
        self._import(self._write(_collection(_feature({"NAME": "Islamabad"}))))
        boundary = Boundary.objects.get(level="district", code="is-islamabad")
        assert boundary.path.startswith("M")
        assert (boundary.source, boundary.licence) == ("Synthetic test outlines", "CC0")
        rendered = maps.district_choropleth(
            selectors.map_geography(), {"is-islamabad": 5}, title="T", value_label="V"
        )
        assert not rendered.schematic
        assert f'd="{boundary.path}"' in rendered.svg
        assert "Synthetic test outlines (CC0)" in rendered.attributions

    def test_importing_again_updates_in_place(self) -> None:
        path = self._write(_collection(_feature({"NAME": "is-islamabad"})))
        self._import(path)
        self._import(path)
        assert Boundary.objects.filter(level="district").count() == 1

    def test_former_province_codes_are_joined_into_todays_province(self) -> None:
        # Older files split today's Khyber Pakhtunkhwa into NWFP and FATA.
        data = _collection(
            _feature({"HASC": "PK.NW"}, {"type": "Polygon", "coordinates": _square(71, 34)}),
            _feature(
                {"HASC": "PK.TA"},
                {"type": "MultiPolygon", "coordinates": [_square(70, 32), _square(70, 33)]},
            ),
        )
        self._import(self._write(data), "province", "HASC")
        path = Boundary.objects.get(level="province", code="PK-KP").path
        assert path.count("M") == 3

    def test_a_topojson_file_is_decoded(self) -> None:
        topology = {
            "type": "Topology",
            "transform": {"scale": [0.01, 0.01], "translate": [72.9, 33.5]},
            "arcs": [[[0, 0], [30, 0], [0, 30], [-30, 0], [0, -30]]],
            "objects": {
                "pak": {
                    "type": "GeometryCollection",
                    "geometries": [{"type": "Polygon", "id": "PK.IS", "arcs": [[0]]}],
                }
            },
        }
        self._import(self._write(topology, "b.topo.json"), "province", "id")
        assert Boundary.objects.get(code="PK-IS").path != "M1 1l2 0 0 2z"

    def test_bad_files_are_refused_with_a_clear_message_and_nothing_changes(self) -> None:
        point = {"type": "Point", "coordinates": [73.0, 33.6]}
        cases = {
            "No such file": str(Path(self.tmp.name) / "missing.geojson"),
            "is not valid JSON": self._write("{not json", "broken.geojson"),
            "neither a GeoJSON FeatureCollection": self._write({"type": "Feature"}),
            "contains no features": self._write(_collection()),
            "not Polygon or MultiPolygon": self._write(
                _collection(_feature({"NAME": "Islamabad"}, point))
            ),
            "match no known district: Atlantis": self._write(
                _collection(_feature({"NAME": "Islamabad"}), _feature({"NAME": "Atlantis"}))
            ),
            "has no NAME": self._write(_collection(_feature({"OTHER": "Islamabad"}))),
            "longitude and latitude in degrees": self._write(
                _collection(
                    _feature(
                        {"NAME": "Islamabad"},
                        {"type": "Polygon", "coordinates": _square(7_300_000, 3_300_000)},
                    )
                )
            ),
            "fewer than four positions": self._write(
                _collection(
                    _feature(
                        {"NAME": "Islamabad"},
                        {"type": "Polygon", "coordinates": [[[73, 33], [73.5, 33], [73, 33]]]},
                    )
                )
            ),
        }
        for message, path in cases.items():
            with self.subTest(message), self.assertRaisesMessage(CommandError, message):
                self._import(path)
            self._assert_nothing_changed()

    def test_an_outline_too_small_for_the_map_is_refused(self) -> None:
        tiny = {"type": "Polygon", "coordinates": _square(73.0, 33.6, size=0.001)}
        with self.assertRaisesMessage(CommandError, "lower --tolerance"):
            self._import(self._write(_collection(_feature({"NAME": "Islamabad"}, tiny))))
        self._assert_nothing_changed()

    def test_the_source_and_licence_must_be_given_as_safe_text(self) -> None:
        path = self._write(_collection(_feature({"NAME": "Islamabad"})))
        with self.assertRaisesMessage(CommandError, "--licence"):
            call_command(
                "places_import_boundaries",
                path,
                "--level",
                "district",
                "--code-property",
                "NAME",
                "--source",
                "ok",
                "--licence",
                "CC0\u202e",
            )
        self._assert_nothing_changed()

    def test_replace_removes_outlines_the_file_no_longer_has(self) -> None:
        path = self._write(_collection(_feature({"code": "PK-KP"})))
        self._import(path, "province", "code", "--replace")
        assert list(Boundary.objects.filter(level="province").values_list("code", flat=True)) == [
            "PK-KP"
        ]
