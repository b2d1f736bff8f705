import shutil
from pathlib import Path

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.org import reference
from lantoa.org.models import AdministrativeUnit, DivisionType, FormerUnit, Organisation, OrganisationKind, Outlet
from lantoa.org.reference import ReferenceDataError, load_reference

pytestmark = pytest.mark.django_db


def test_it_loads_the_92_communes_and_wards_with_official_codes() -> None:
    assert AdministrativeUnit.objects.count() == 92
    assert AdministrativeUnit.objects.filter(division_type=DivisionType.WARD).count() == 15
    assert AdministrativeUnit.objects.filter(division_type=DivisionType.COMMUNE).count() == 77
    phan_dinh_phung = AdministrativeUnit.objects.get(code=5443)
    assert phan_dinh_phung.name == "Phường Phan Đình Phùng"
    assert phan_dinh_phung.short_name == "Phan Đình Phùng"
    assert phan_dinh_phung.code_display == "05443"
    assert AdministrativeUnit.objects.get(code=1843).name == "Phường Bắc Kạn"


def test_each_unit_has_its_peoples_committee() -> None:
    communes = Organisation.objects.filter(kind=OrganisationKind.COMMUNE)
    assert communes.count() == 92
    assert communes.get(commune__code=5443).name == "UBND phường Phan Đình Phùng"
    assert communes.get(commune__code=1957).name == "UBND xã Thượng Quan"


def test_former_districts_map_to_the_units_that_replaced_them() -> None:
    districts = FormerUnit.objects.filter(kind__in=["thanh_pho", "huyen", "thi_xa"])
    assert districts.count() == 17
    assert {d.name for d in districts.filter(former_province="Bắc Kạn")} == {
        "Bắc Kạn", "Ba Bể", "Pác Nặm", "Chợ Đồn", "Chợ Mới", "Na Rì", "Ngân Sơn", "Bạch Thông",
    }  # fmt: skip
    for district in districts:
        assert district.successors.exists(), district
    # Xã Đại Phúc took communes of three former districts.
    dai_phuc = AdministrativeUnit.objects.get(code=5488)
    assert {unit.name for unit in dai_phuc.former_units.filter(kind__in=["thanh_pho", "huyen"])} == {
        "Thái Nguyên", "Đại Từ", "Phổ Yên",
    }  # fmt: skip
    # Every current unit belongs to at least one former district.
    assert AdministrativeUnit.objects.exclude(former_units__kind__in=["thanh_pho", "huyen"]).count() == 0


def test_the_former_province_bac_kan_maps_to_its_37_units() -> None:
    bac_kan = FormerUnit.objects.get(slug="tinh-bac-kan")
    assert bac_kan.successors.count() == 37
    assert bac_kan.successors.filter(code=1843).exists()
    assert not bac_kan.successors.filter(code=5443).exists()


def test_former_communes_lead_to_the_new_unit() -> None:
    phuc_xuan = FormerUnit.objects.get(kind="xa", name="Phúc Xuân")
    assert phuc_xuan.parent is not None and phuc_xuan.parent.name == "Thái Nguyên"
    assert [unit.name for unit in phuc_xuan.successors.all()] == ["Xã Đại Phúc"]
    assert FormerUnit.objects.filter(kind__in=["xa", "phuong", "thi_tran"]).count() == 280


def test_it_loads_organisations_and_outlets() -> None:
    assert Organisation.objects.get(code="so-y-te").parent == Organisation.objects.get(kind=OrganisationKind.PROVINCE)
    assert Organisation.objects.get(code="ban-tuyen-giao-dan-van-tinh-uy").kind == OrganisationKind.PARTY
    assert Outlet.objects.get(code="vnexpress").domain == "vnexpress.net"
    assert Outlet.objects.get(code="bao-thai-nguyen").organisation == Organisation.objects.get(
        code="bao-phat-thanh-truyen-hinh"
    )


def test_it_is_idempotent_and_keeps_edits() -> None:
    Organisation.objects.filter(code="so-y-te").update(email="syt@thainguyen.gov.vn", name="Sở Y tế (đã sửa)")
    report = load_reference(19)
    assert report.summary() == "nothing to do"
    assert Organisation.objects.get(code="so-y-te").email == "syt@thainguyen.gov.vn"
    assert Organisation.objects.get(code="so-y-te").name == "Sở Y tế (đã sửa)"
    # --update restores what the files define, and leaves the rest alone.
    report = load_reference(19, update=True)
    assert report.updated["organisations"] == 1
    assert Organisation.objects.get(code="so-y-te").name == "Sở Y tế"
    assert Organisation.objects.get(code="so-y-te").email == "syt@thainguyen.gov.vn"


def test_bad_data_files_load_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "data"
    shutil.copytree(reference.DATA_DIR, broken)
    csv_path = broken / "former_communes.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8") + "99999,Xã Không Có,171,99999,Xã Không Có,whole\n", encoding="utf-8"
    )
    organisations = broken / "organisations.json"
    organisations.write_text(
        organisations.read_text(encoding="utf-8").replace('"so-y-te"', '"so-y-te-moi"'), encoding="utf-8"
    )
    monkeypatch.setattr(reference, "DATA_DIR", broken)
    events = AuditEvent.objects.count()
    with pytest.raises(ReferenceDataError, match="Xã Không Có"):
        load_reference(19)
    # The new organisation of the broken files was rolled back with the rest.
    assert not Organisation.objects.filter(code="so-y-te-moi").exists()
    assert AuditEvent.objects.count() == events


def test_an_unknown_province_code_is_refused() -> None:
    with pytest.raises(ValueError, match="999"):
        load_reference(999)


def test_every_sector_maps_to_existing_bodies() -> None:
    from lantoa.org.gazetteer import sector_agencies
    from lantoa.vntext.classify.heads import SECTORS

    mapping = sector_agencies()
    assert set(mapping) == set(SECTORS)
    codes = {code for codes in mapping.values() for code in codes}
    assert codes <= set(Organisation.objects.values_list("code", flat=True))
