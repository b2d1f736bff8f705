"""The province's gazetteer for the text core (``lantoa.vntext.places``), built from the reference data.

Two builders give the same entries: ``from_files()`` reads the versioned data files and the vietnam-provinces
package (``lantoa analyze`` needs no database), ``from_registry()`` reads the database, where officers may have
added aliases. Either way a name counts as *unique* when no unit of another province bears it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from vietnam_provinces import Province, ProvinceCode, Ward

from lantoa.vntext.normalize import fold
from lantoa.vntext.places import Gazetteer, GazetteerEntry

DATA_DIR = Path(__file__).resolve().parent / "data"
UNIT_PREFIXES = {"phuong": frozenset({"phuong"}), "xa": frozenset({"xa"}), "dac_khu": frozenset({"dac khu"})}
DISTRICT_PREFIXES = {
    "thanh_pho": frozenset({"thanh pho", "tp", "thi xa", "tx"}),
    "thi_xa": frozenset({"thi xa", "tx", "thanh pho", "tp"}),
    "huyen": frozenset({"huyen"}),
}
OLD_UNIT_PREFIXES = (
    ("Thị trấn ", frozenset({"thi tran"})),
    ("Phường ", frozenset({"phuong"})),
    ("Xã ", frozenset({"xa"})),
)
# The 63 provinces before 2025 (the press of earlier years names them) besides today's 34.
FORMER_PROVINCE_NAMES = (
    "Hà Giang", "Bắc Kạn", "Yên Bái", "Hòa Bình", "Vĩnh Phúc", "Bắc Giang", "Hải Dương", "Thái Bình", "Hà Nam",
    "Nam Định", "Quảng Bình", "Quảng Nam", "Kon Tum", "Bình Định", "Phú Yên", "Ninh Thuận", "Bình Thuận",
    "Đắk Nông", "Bình Phước", "Bình Dương", "Bà Rịa", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Sóc Trăng",
    "Hậu Giang", "Kiên Giang", "Bạc Liêu", "Thừa Thiên Huế",
)  # fmt: skip


@cache
def national_unit_names(province_code: int) -> frozenset[str]:
    """Folded names of the commune-level units of every *other* province."""
    names = set()
    for ward in Ward.iter_all():
        if int(ward.province_code) != province_code:
            names.add(fold(ward.name.split(" ", 1)[1] if " " in ward.name else ward.name))
    return frozenset(names)


def other_province_names(province_code: int) -> list[str]:
    names = [
        province.name.removeprefix("Thành phố ")
        for province in Province.iter_all()
        if int(province.code) != province_code
    ]
    return [*names, *FORMER_PROVINCE_NAMES]


def _unique(name: str, province_code: int) -> bool:
    return fold(name) not in national_unit_names(province_code)


def entries_from_files(province_code: int = 19) -> Iterator[GazetteerEntry]:
    province = Province.from_code(ProvinceCode(province_code))
    units = {int(ward.code): ward for ward in Ward.iter_by_province(ProvinceCode(province_code))}
    yield GazetteerEntry(province.name, "province", str(province_code), prefixes=frozenset({"tinh"}), unique=True)
    for code, ward in units.items():
        prefix = ward.division_type.value
        short = ward.name[len(prefix) + 1 :] if ward.name.lower().startswith(prefix) else ward.name
        prefixes = UNIT_PREFIXES.get(fold(prefix).replace(" ", "_"), frozenset())
        yield GazetteerEntry(short, "unit", f"{code:05d}", (f"{code:05d}",), prefixes, _unique(short, province_code))
    former = json.loads((DATA_DIR / "former_units.json").read_text(encoding="utf-8"))["units"]
    with (DATA_DIR / "former_communes.csv").open(encoding="utf-8", newline="") as handle:
        links = list(csv.DictReader(handle))
    by_district: dict[int, set[str]] = {}
    by_old: dict[int, tuple[str, set[str]]] = {}
    for row in links:
        new = f"{int(row['new_code']):05d}"
        by_district.setdefault(int(row["old_district_code"]), set()).add(new)
        by_old.setdefault(int(row["old_code"]), (row["old_name"], set()))[1].add(new)
    province_units: dict[str, set[str]] = {}
    for unit in former:
        if unit["kind"] == "tinh":
            continue
        codes = by_district.get(unit["gso_code"], set())
        province_units.setdefault(unit["former_province"], set()).update(codes)
        for name in [unit["name"], *_alias_names(unit["aliases"])]:
            yield GazetteerEntry(
                name, "former_district", str(unit["gso_code"]), tuple(sorted(codes)),
                DISTRICT_PREFIXES.get(unit["kind"], frozenset()), _unique(name, province_code),
            )  # fmt: skip
    for unit in former:
        if unit["kind"] == "tinh":
            codes = province_units.get(unit["name"], set())
            for name in [unit["name"], *_alias_names(unit["aliases"])]:
                yield GazetteerEntry(
                    name, "former_province", f"{unit['gso_code']:02d}", tuple(sorted(codes)), frozenset({"tinh"}), True
                )
    for old_code, (full_name, codes) in by_old.items():
        for prefix, prefixes in OLD_UNIT_PREFIXES:
            if full_name.startswith(prefix):
                name = full_name[len(prefix) :]
                yield GazetteerEntry(
                    name, "former_commune", f"{old_code:05d}", tuple(sorted(codes)), prefixes,
                    _unique(name, province_code),
                )  # fmt: skip


def _alias_names(aliases: Iterable[str]) -> Iterator[str]:
    """Aliases in the data carry their prefix ("huyện Phổ Yên"); the matcher wants the bare name."""
    for alias in aliases:
        words = alias.split()
        while words and fold(words[0]).rstrip(".") in {"thanh", "pho", "tp", "tx", "thi", "xa", "huyen", "tinh"}:
            words = words[1:]
        if words:
            yield " ".join(words)


@cache
def gazetteer_from_files(province_code: int = 19) -> Gazetteer:
    return Gazetteer(entries_from_files(province_code), other_province_names(province_code))


def entries_from_registry(province_code: int = 19) -> list[GazetteerEntry]:
    """The same entries, read from the registry in the database (aliases added by officers included)."""
    from lantoa.org.models import AdministrativeUnit, FormerUnit

    province = Province.from_code(ProvinceCode(province_code))
    entries = [GazetteerEntry(province.name, "province", str(province_code), prefixes=frozenset({"tinh"}), unique=True)]
    for unit in AdministrativeUnit.objects.filter(province_code=province_code):
        entries.append(
            GazetteerEntry(
                unit.short_name, "unit", unit.code_display, (unit.code_display,),
                UNIT_PREFIXES.get(unit.division_type, frozenset()), _unique(unit.short_name, province_code),
            )
        )  # fmt: skip
    formers = FormerUnit.objects.prefetch_related("successors")
    for former in formers:
        codes = tuple(sorted(unit.code_display for unit in former.successors.all()))
        if former.kind == "tinh":
            kind, code, prefixes, unique = "former_province", f"{former.gso_code or 0:02d}", frozenset({"tinh"}), True
        elif former.kind in DISTRICT_PREFIXES:
            kind, code, prefixes = (
                "former_district",
                str(former.gso_code or former.slug),
                DISTRICT_PREFIXES[former.kind],
            )
            unique = False
        else:
            kind, code = "former_commune", f"{former.gso_code or 0:05d}"
            prefixes = {"xa": frozenset({"xa"}), "phuong": frozenset({"phuong"})}.get(
                former.kind, frozenset({"thi tran"})
            )
            unique = False
        for name in [former.name, *_alias_names(former.aliases)]:
            unique_name = unique if kind == "former_province" else _unique(name, province_code)
            entries.append(GazetteerEntry(name, kind, code, codes, prefixes, unique_name))
    return entries


@cache
def sector_agencies() -> dict[str, tuple[str, ...]]:
    """Sector → codes of the provincial bodies responsible (data/sector_agencies.json)."""
    data = json.loads((DATA_DIR / "sector_agencies.json").read_text(encoding="utf-8"))["sectors"]
    return {sector: tuple(codes) for sector, codes in data.items()}


def agencies_for(sector: str) -> list[str]:
    """Codes of the bodies responsible for ``sector`` (none for an unknown sector)."""
    return list(sector_agencies().get(sector, ()))
