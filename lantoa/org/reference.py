"""Loading the registry's reference data: communes/wards from the vietnam-provinces package, the rest from the
versioned files in ``data/`` (their sources: ``data/SOURCE.md``).

Idempotent. By default it only adds what is missing, so that names or contacts corrected in the app survive a
re-run; ``update=True`` also resets the fields the files define to the files' values.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward

from lantoa.audit.services import record_event
from lantoa.org.models import (
    AdministrativeUnit,
    DivisionType,
    FormerUnit,
    FormerUnitKind,
    Organisation,
    OrganisationKind,
    Outlet,
)

M = TypeVar("M", bound=models.Model)

DATA_DIR = Path(__file__).resolve().parent / "data"
DIVISION_TYPES = {
    VietNamDivisionType.PHUONG: DivisionType.WARD,
    VietNamDivisionType.XA: DivisionType.COMMUNE,
    VietNamDivisionType.DAC_KHU: DivisionType.SPECIAL_ZONE,
}
OLD_UNIT_PREFIXES = (
    ("Thị trấn ", FormerUnitKind.TOWNLET),
    ("Phường ", FormerUnitKind.WARD),
    ("Xã ", FormerUnitKind.COMMUNE),
)


class ReferenceDataError(Exception):
    """The data files disagree with each other or with the package: nothing was loaded."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        if not kinds:
            return "nothing to do"
        return "; ".join(f"{kind}: +{self.created.get(kind, 0)} ~{self.updated.get(kind, 0)}" for kind in kinds)


def _read_json(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _upsert(
    report: LoadReport, kind: str, model: type[M], lookup: dict[str, Any], values: dict[str, Any], update: bool
) -> M:
    """Create the row if missing; with ``update`` also bring the given fields to ``values``."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.save()
        report.count(kind, created=True, changed=False)
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if update and changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save()
        report.count(kind, created=False, changed=True)
    return instance


def load_units(report: LoadReport, province_code: int, update: bool) -> dict[int, AdministrativeUnit]:
    wards = sorted(Ward.iter_by_province(ProvinceCode(province_code)), key=lambda ward: int(ward.code))
    if not wards:
        raise ReferenceDataError(f"vietnam-provinces has no commune-level units for province code {province_code}")
    units: dict[int, AdministrativeUnit] = {}
    for ward in wards:
        division = DIVISION_TYPES[ward.division_type]
        prefix = f"{ward.division_type.value.capitalize()} "
        short_name = ward.name[len(prefix) :] if ward.name.startswith(prefix) else ward.name
        values = {
            "name": ward.name,
            "short_name": short_name,
            "division_type": division,
            "codename": ward.codename,
            "province_code": province_code,
        }
        units[int(ward.code)] = _upsert(report, "units", AdministrativeUnit, {"code": int(ward.code)}, values, update)
    return units


def load_organisations(report: LoadReport, units: dict[int, AdministrativeUnit], update: bool) -> None:
    data = _read_json("organisations.json")
    province_values = {key: value for key, value in data["province"].items() if key != "code"}
    province = _upsert(
        report,
        "organisations",
        Organisation,
        {"code": data["province"]["code"]},
        {**province_values, "sort_order": 0},
        update,
    )
    for order, entry in enumerate(data["organisations"], start=1):
        values = {key: value for key, value in entry.items() if key not in {"code", "no_parent"}}
        values["parent"] = None if entry.get("no_parent") else province
        values["sort_order"] = order * 10
        _upsert(report, "organisations", Organisation, {"code": entry["code"]}, values, update)
    for unit in units.values():
        values = {
            "name": f"UBND {unit.name[0].lower()}{unit.name[1:]}",
            "short_name": unit.short_name,
            "kind": OrganisationKind.COMMUNE,
            "parent": province,
            "commune": unit,
            "sort_order": 5000,
        }
        # By official code: codenames collide (Xã Văn Lang and Xã Văn Lăng are both "xa_van_lang").
        _upsert(report, "organisations", Organisation, {"code": f"ubnd-{unit.code:05d}"}, values, update)


def load_former_units(report: LoadReport, units: dict[int, AdministrativeUnit], update: bool) -> None:
    data = _read_json("former_units.json")
    with (DATA_DIR / "former_communes.csv").open(encoding="utf-8", newline="") as handle:
        links = list(csv.DictReader(handle))

    districts: dict[int, FormerUnit] = {}
    province_units: dict[str, FormerUnit] = {}
    for entry in data["units"]:
        values = {
            "gso_code": entry["gso_code"],
            "name": entry["name"],
            "kind": entry["kind"],
            "former_province": entry["former_province"],
            "aliases": entry["aliases"],
            "note": entry.get("note", ""),
        }
        unit = _upsert(report, "former units", FormerUnit, {"slug": entry["slug"]}, values, update)
        if entry["kind"] == FormerUnitKind.PROVINCE:
            province_units[entry["name"]] = unit
        else:
            districts[entry["gso_code"]] = unit

    successors: dict[FormerUnit, set[int]] = defaultdict(set)
    for row in links:
        new_code, district_code = int(row["new_code"]), int(row["old_district_code"])
        current = units.get(new_code)
        if current is None or current.name != row["new_name"]:
            raise ReferenceDataError(
                f"former_communes.csv: {row['new_name']} ({new_code}) is not a current unit of the package"
            )
        district = districts.get(district_code)
        if district is None:
            raise ReferenceDataError(f"former_communes.csv: district code {district_code} is not in former_units.json")
        kind, name = _split_old_name(row["old_name"])
        old = _upsert(
            report,
            "former units",
            FormerUnit,
            {"slug": f"{kind}-{int(row['old_code']):05d}"},
            {"gso_code": int(row["old_code"]), "name": name, "kind": kind,
             "former_province": district.former_province, "parent": district},
            update,
        )  # fmt: skip
        successors[old].add(new_code)
        successors[district].add(new_code)
        if district.former_province in province_units:
            successors[province_units[district.former_province]].add(new_code)

    missing = [str(unit) for unit in districts.values() if unit not in successors]
    if missing:
        raise ReferenceDataError(f"former districts without any current unit: {', '.join(missing)}")
    for former, codes in successors.items():
        wanted = {units[code].pk for code in codes}
        have = set(former.successors.values_list("pk", flat=True))
        if not have:
            former.successors.set(wanted)
        elif update and have != wanted:
            former.successors.set(wanted)
            report.count("former units", created=False, changed=True)


def _split_old_name(full_name: str) -> tuple[str, str]:
    for prefix, kind in OLD_UNIT_PREFIXES:
        if full_name.startswith(prefix):
            return kind.value, full_name[len(prefix) :]
    raise ReferenceDataError(f"former_communes.csv: cannot tell the kind of {full_name!r}")


def load_outlets(report: LoadReport, update: bool) -> None:
    data = _read_json("outlets.json")
    for entry in data["outlets"]:
        values = {key: value for key, value in entry.items() if key not in {"code", "organisation"}}
        values["domain"] = entry["website"].split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")
        values["organisation"] = (
            Organisation.objects.get(code=entry["organisation"]) if entry.get("organisation") else None
        )
        _upsert(report, "outlets", Outlet, {"code": entry["code"]}, values, update)


def reference_missing() -> bool:
    return not (AdministrativeUnit.objects.exists() and FormerUnit.objects.exists() and Organisation.objects.exists())


@transaction.atomic
def load_reference(province_code: int, *, update: bool = False) -> LoadReport:
    """Load everything in one transaction: a failure leaves the database as it was."""
    Province.from_code(ProvinceCode(province_code))  # a clear ValueError for a code the package does not know
    report = LoadReport()
    units = load_units(report, province_code, update)
    load_organisations(report, units, update)
    load_former_units(report, units, update)
    load_outlets(report, update)
    if report.created or report.updated:
        record_event(None, "org.reference.load", summary=report.summary())
    return report


__all__ = ["LoadReport", "ReferenceDataError", "load_reference", "reference_missing"]
