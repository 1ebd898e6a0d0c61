"""The reference geography matches the published Kemendagri counts (docs/methodology.md)."""

import pytest

from analysis.reference import geography

# docs/methodology.md, "Administrative geography": code -> (name, kecamatan, kelurahan, desa)
PUBLISHED = {
    "15.01": ("Kab. Kerinci", 16, 2, 285),
    "15.02": ("Kab. Merangin", 24, 10, 205),
    "15.03": ("Kab. Sarolangun", 10, 9, 149),
    "15.04": ("Kab. Batanghari", 8, 14, 110),
    "15.05": ("Kab. Muaro Jambi", 11, 5, 150),
    "15.06": ("Kab. Tanjung Jabung Barat", 13, 20, 114),
    "15.07": ("Kab. Tanjung Jabung Timur", 11, 20, 73),
    "15.08": ("Kab. Bungo", 17, 12, 141),
    "15.09": ("Kab. Tebo", 12, 5, 107),
    "15.71": ("Kota Jambi", 11, 62, 0),
    "15.72": ("Kota Sungai Penuh", 8, 4, 65),
}


def test_regencies_match_published_table():
    assert [(r.code, r.name) for r in geography.regencies()] == [
        (code, row[0]) for code, row in PUBLISHED.items()
    ]


@pytest.mark.parametrize("code", PUBLISHED)
def test_counts_per_regency(code):
    frame = geography.villages_in(code)
    _, kecamatan, kelurahan, desa = PUBLISHED[code]
    assert frame["district_code"].nunique() == kecamatan
    assert (frame["village_type"] == "kelurahan").sum() == kelurahan
    assert (frame["village_type"] == "desa").sum() == desa


def test_province_totals():
    frame = geography.villages_in("15")
    assert len(frame) == 1562
    assert frame["district_code"].nunique() == 141
    assert (frame["village_type"] == "desa").sum() == 1399
    assert frame["village_code"].is_unique


def test_village_type_follows_code():
    frame = geography.villages()
    fourth_part = frame["village_code"].str.split(".").str[3]
    expected = fourth_part.str.startswith("1").map({True: "kelurahan", False: "desa"})
    assert (frame["village_type"] == expected).all()


def test_districts_counts_villages():
    table = geography.districts("15.07")
    assert len(table) == 11
    assert table["villages"].sum() == 93


@pytest.mark.parametrize(
    "text, code",
    [
        ("Tanjab Timur", "15.07"),
        ("Tanjabtim", "15.07"),
        ("tanjung jabung timur", "15.07"),
        ("Kab. Tanjung Jabung Timur", "15.07"),
        ("KABUPATEN  TANJUNG JABUNG TIMUR", "15.07"),
        ("Batang Hari", "15.04"),
        ("batanghari", "15.04"),
        ("Kota Jambi", "15.71"),
        ("Sungai Penuh", "15.72"),
        ("1502", "15.02"),
        ("15.02", "15.02"),
        (" Tanjab Barat ", "15.06"),
    ],
)
def test_find_regency_forgiving(text, code):
    assert geography.find_regency(text).code == code


def test_unknown_regency_lists_valid_names():
    with pytest.raises(geography.UnknownRegionError) as excinfo:
        geography.find_regency("Bogor")
    message = str(excinfo.value)
    assert "Bogor" in message
    assert "15.07 Kab. Tanjung Jabung Timur" in message


@pytest.mark.parametrize("text", ["15", "province", "Provinsi", "provinsi jambi"])
def test_resolve_scope_province(text):
    assert geography.resolve_scope(text) == ("15", "Provinsi Jambi")


@pytest.mark.parametrize(
    "raw, dotted",
    [("1507012001", "15.07.01.2001"), ("15.07.01.2001", "15.07.01.2001"),
     (" 1507 ", "15.07"), ("150701", "15.07.01"), ("15", "15")],
)
def test_normalize_code(raw, dotted):
    assert geography.normalize_code(raw) == dotted


def test_bare_jambi_is_refused_naming_both_meanings():
    with pytest.raises(geography.UnknownRegionError, match="Kota Jambi or the whole province"):
        geography.resolve_scope(" Jambi ")
    assert geography.resolve_scope("Kota Jambi") == ("15.71", "Kota Jambi")
