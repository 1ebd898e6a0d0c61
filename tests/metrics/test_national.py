"""compute_every_scope: equal to compute_all_metrics on Jambi; regencies, provinces and the
nation of a hand-built dataset of two provinces."""

import json

import pytest
from builders import (
    ALANG_ALANG,
    SUNGAI_PENUH,
    TANJAB_TIMUR_VILLAGES,
    allocation,
    claim,
    make_dataset,
    payment,
    person,
    workforce_row,
)
from raw_fixtures import valid_tables, write_dataset

from analysis.cli import main
from analysis.inputs.fast_loading import load_large_dataset
from analysis.inputs.loading import load_dataset
from analysis.metrics import catalog
from analysis.metrics.national import NATION, compute_every_scope
from analysis.metrics.quarter_figures import quarter_figures
from analysis.metrics.scope_metrics import compute_all_metrics, compute_metrics
from analysis.outputs import slides
from analysis.reference.periods import Quarter
from analysis.reference.province import NATIONAL, province_setting
from analysis.reference.scope import reference_villages

BOGOR = "32.01.01.1001"  # Pondok Rajeg, Kab. Bogor
BANDUNG = "32.73.01.1001"  # Sukarasa, Kota Bandung
ADDITIVE = ("villages", "villages_on_target", "villages_with_participants",
            "villages_paying_all_months", "contributions_in_period", "contributions_ytd",
            "allocation_year", "contributions_cumulative", "santunan_cumulative")
BY_CATEGORY = ("active", "active_prev_quarter", "active_prev_year", "new", "exits", "target")


@pytest.mark.parametrize("period", ["2025Q4", "2024Q2"])
def test_every_jambi_scope_equals_compute_all_metrics(demo_dir, demo_dataset, period):
    expected = compute_all_metrics(demo_dataset, period)
    result = compute_every_scope(load_large_dataset(demo_dir), period)
    assert list(result) == list(expected)  # 11 regencies and the province; no nation
    for code, metrics in expected.items():
        assert set(result[code]) == set(metrics)
        assert {key: result[code][key] for key in metrics} == metrics, code


def _sum_of(parts: list[dict]) -> dict:
    """The additive figures of several scopes, summed."""
    return {
        **{key: sum(part[key] for part in parts) for key in ADDITIVE},
        **{key: {c: sum(part[key][c] for part in parts) for c in ("MME", "PR", "total")}
           for key in BY_CATEGORY},
        "claims": {k: sum(part["claims_in_period"][k] for part in parts)
                   for k in ("count", "amount")},
    }


def _additive(metrics: dict) -> dict:
    return _sum_of([metrics])


@pytest.fixture(scope="module")
def national_dataset():
    """Two provinces: Jambi (Tanjab Timur with claims, Kota Sungai Penuh without) and Jawa
    Barat (Kab. Bogor with claims, Kota Bandung without; its only payment before 2025Q4
    is for December 2024, when nobody was enrolled anywhere)."""
    with province_setting(NATIONAL):
        yield make_dataset(
            participants=[
                person(ALANG_ALANG, "MME", "2025-02-01"),
                person(ALANG_ALANG, "MME", "2025-02-01"),
                person(ALANG_ALANG, "PR", "2025-03-15", "2025-11-01"),
                person(SUNGAI_PENUH, "MME", "2025-01-10"),
                person(BOGOR, "MME", "2025-04-01"),
                person(BOGOR, "MME", "2025-04-01"),
                person(BOGOR, "MME", "2025-04-01", "2025-12-01"),
                person(BOGOR, "PR", "2025-05-01"),
                person(BOGOR, "PR", "2025-05-01"),
                person(BANDUNG, "PR", "2025-10-05"),
            ],
            contributions=[
                *(payment(ALANG_ALANG, "MME", m, 16_800) for m in ("2025-10", "2025-11",
                                                                     "2025-12")),
                *(payment(BOGOR, "MME", m, 16_800) for m in ("2025-10", "2025-12")),
                *(payment(BANDUNG, "PR", m, 16_800) for m in ("2024-12", "2025-10",
                                                              "2025-11", "2025-12")),
            ],
            claims=[
                claim(ALANG_ALANG, "JKM", "kematian", "2025-11-01", "2025-11-20", 20_000_000),
                claim(BOGOR, "JKK", "perawatan", "2025-11-01", "2025-12-01", 1_500_000),
                claim(BOGOR, "JKK", "perawatan", "2025-05-01", "2025-05-10", 500_000),
            ],
            allocations=[allocation(ALANG_ALANG, 2025), allocation(BOGOR, 2025)],
            workforce=[
                workforce_row("15.07", 2025, 1_000, 300, 700, 100, 200),
                workforce_row("32.01", 2024, 2_000, 800, 1_200, 400, 300),
                workforce_row("32.73", 2025, 500, 300, 200, 100, 50),
            ],
        )


@pytest.fixture(scope="module")
def national(national_dataset):
    with province_setting(NATIONAL):
        yield {period: compute_every_scope(national_dataset, period)
               for period in ("2025Q4", "2024Q4")}


def _count(metrics: dict, key: str) -> tuple[int, int, int]:
    return metrics[key]["MME"], metrics[key]["PR"], metrics[key]["total"]


def test_scopes_and_keys(national):
    with province_setting(NATIONAL):
        villages = reference_villages()
        regencies = set(villages["regency_code"])
        provinces = set(villages["village_code"].str[:2])
    result = national["2025Q4"]
    assert len(regencies) == 514 and len(provinces) == 38
    assert set(result) == regencies | provinces | {NATION}
    assert list(result)[-1] == NATION == "all"
    keys = set(result["15.07"])
    for code, metrics in result.items():
        assert set(metrics) == keys and metrics["scope"] == code
        assert json.loads(json.dumps(metrics, allow_nan=False)) == metrics
    validator = catalog.metrics_validator()
    for metrics in result.values():  # regencies, provinces and the nation
        validator.validate(metrics)
    assert all("ranking" in result[code]["index"] for code in (*provinces, NATION))
    assert result[NATION]["scope_name"] == "Indonesia"
    assert result["32"]["scope_name"] == "Provinsi Jawa Barat"
    assert result["32.73"]["scope_name"] == "Kota Bandung"
    assert result[NATION]["villages"] == len(villages)
    assert result["15"]["villages"] == 1562
    assert result["15.07"]["villages"] == TANJAB_TIMUR_VILLAGES


def test_hand_counted_figures(national):
    result = national["2025Q4"]
    assert _count(result["15.07"], "active") == (2, 0, 2)
    assert _count(result["15.07"], "exits") == (0, 1, 1)
    assert _count(result["15.07"], "active_prev_quarter") == (2, 1, 3)
    assert _count(result["15.07"], "target") == (50 * 93, 25 * 93, 75 * 93)
    assert _count(result["32.01"], "active") == (2, 2, 4)
    assert _count(result["32.73"], "new") == (0, 1, 1)
    assert _count(result["32"], "active") == (2, 3, 5)
    assert _count(result[NATION], "active") == (5, 3, 8)
    assert _count(result[NATION], "active_prev_year") == (0, 0, 0)
    assert result[NATION]["growth_yoy"] is None
    assert [result[c]["continuity"] for c in ("15.07", "15.72", "15", "32.01", "32.73", "32",
                                              NATION)] == [1.0, 0.0, 0.5, 0.0, 1.0, 0.5, 0.5]
    assert result["32"]["contributions_in_period"] == 5 * 16_800
    assert result[NATION]["contributions_cumulative"] == 9 * 16_800
    assert result[NATION]["budget_realization_ytd"] == 8 * 16_800 / (2 * 15_000_000)


def test_claims_of_regencies_with_and_without_claims(national):
    result = national["2025Q4"]
    for code in ("32.73", "15.72"):
        claims = result[code]["claims_in_period"]
        assert (claims["count"], claims["amount"]) == (0, 0)
        assert result[code]["median_days_to_payment"] is None
        assert result[code]["santunan_cumulative"] == 0
    assert result["32.01"]["claims_in_period"]["by_program"]["JKK"] == {
        "count": 1, "amount": 1_500_000}
    assert result["32.01"]["santunan_cumulative"] == 2_000_000
    assert result[NATION]["claims_in_period"]["count"] == 2
    assert result[NATION]["median_days_to_payment"] == (19 + 30) / 2


def test_coverage_takes_the_latest_year_of_the_scope(national):
    result = national["2025Q4"]
    assert result["32.01"]["coverage"] == {"year": 2024, "formal": 0.5, "informal": 0.25,
                                           "total": 0.35}
    assert result["32"]["coverage"] == {"year": 2025, "formal": 100 / 300,
                                        "informal": 50 / 200, "total": 150 / 500}
    assert result[NATION]["coverage"] == {"year": 2025, "formal": 200 / 600,
                                          "informal": 250 / 900, "total": 450 / 1500}


@pytest.mark.parametrize("period", ["2025Q4", "2024Q4"])
def test_provinces_sum_their_regencies_and_the_nation_its_provinces(national, period):
    result = national[period]
    provinces = [code for code in result if len(code) == 2]
    for province in provinces:
        regencies = [m for code, m in result.items() if code.startswith(province + ".")]
        assert _additive(result[province]) == _sum_of(regencies), province
    assert _additive(result[NATION]) == _sum_of([result[code] for code in provinces])


def test_a_quarter_without_enrolments(national):
    result = national["2024Q4"]
    for metrics in result.values():
        assert _count(metrics, "active") == (0, 0, 0)
        assert metrics["attainment"]["total"] == 0.0
        assert metrics["continuity"] is None and metrics["growth_qoq"] is None
    assert result["32.73"]["contributions_in_period"] == 16_800
    assert result["15"]["contributions_in_period"] == 0
    assert result[NATION]["budget_realization_ytd"] is None  # no allocation for 2024


def test_index_ranks_within_the_province_and_the_nation_ranks_all(national):
    result = national["2025Q4"]
    jambi = result["15"]["index"]["ranking"]
    assert [entry["regency_code"] for entry in jambi] == sorted(
        (entry["regency_code"] for entry in jambi),
        key=lambda code: (result[code]["index"]["rank"], code))
    assert {result[e["regency_code"]]["index"]["rank"] for e in jambi} <= set(range(1, 12))
    ranking = result[NATION]["index"]["ranking"]
    assert len(ranking) == 514
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)
    for before, entry in zip(ranking, ranking[1:], strict=False):
        assert entry["rank"] == (before["rank"] if entry["score"] == before["score"]
                                 else ranking.index(entry) + 1)
    own = {entry["regency_code"]: entry for entry in ranking}
    assert own["32.01"]["score"] == result["32.01"]["index"]["score"]
    assert own["32.01"]["components"] == result["32.01"]["index"]["components"]
    assert result[NATION]["index"]["score"] is None


def test_command_writes_every_scope(tmp_path, capsys):
    folder = write_dataset(tmp_path / "data")
    out = tmp_path / "out" / "all.json"
    with pytest.raises(SystemExit) as done:
        main(["metrics", "--data", str(folder), "--scope", "all", "--period", "2025Q4",
              "--out", str(out)])
    assert done.value.code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(compute_all_metrics(load_dataset(folder),
                                                                "2025Q4")))
    assert "12 scopes" in capsys.readouterr().err  # the progress bar, at its end


def test_command_names_the_bad_cell(tmp_path, capsys):
    tables = valid_tables()
    tables["contributions"][2]["period"] = "2023-13"
    folder = write_dataset(tmp_path / "data", tables)
    with pytest.raises(SystemExit) as done:
        main(["metrics", "--data", str(folder), "--scope", "all", "--out",
              str(tmp_path / "all.json")])
    assert done.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "contributions.csv" in err and "period must be YYYY-MM" in err
    assert not (tmp_path / "all.json").exists()


def test_a_national_report_run_ranks_as_the_metrics_command(national_dataset, national):
    # The report run ranked all 514 regencies together by the national defaults, while
    # `bkbk metrics --scope all` ranks each within its province by the province's own.
    with province_setting(NATIONAL):
        every = compute_all_metrics(national_dataset, "2025Q4")
        one = compute_metrics(national_dataset, "32.01", "2025Q4")
    assert len(every) == 514 + 38 + 1 and list(every)[-1] == NATION  # regencies, provinces
    for code in ("15.07", "32.01", "32.73", "32", NATION):
        assert every[code] == national["2025Q4"][code], code
    assert one == national["2025Q4"]["32.01"]
    assert every["32.01"]["index"]["rank"] <= 27  # among Jawa Barat's 27 regencies


def test_a_national_deck_compares_the_provinces_and_shows_the_ends_of_the_ranking(
        national_dataset, monkeypatch):
    drawn = {}

    def recording(name):
        draw = getattr(slides, name)

        def record(frame, *args, **kwargs):
            drawn[name] = frame
            figure = draw(frame, *args, **kwargs)
            drawn[f"{name} axes"] = [len(ax.get_yticklabels()) for ax in figure.axes
                                     if any(t.get_text() for t in ax.get_yticklabels())]
            return figure
        return record

    for name in ("plot_attainment_by_district", "plot_coverage_comparison"):
        monkeypatch.setattr(slides, name, recording(name))
    with province_setting(NATIONAL):
        figures = quarter_figures(national_dataset, Quarter.parse("2025Q4"))
        deck = slides.build_slides(figures)
    # 514 bars in a slide's chart were a smear: the nation's parts are its 38 provinces
    names = drawn["plot_attainment_by_district"]["district_name"].tolist()
    assert len(names) == 38 and {"Jambi", "Jawa Barat"} <= set(names)
    coverage = drawn["plot_coverage_comparison"]
    assert len(coverage) == 38 + 1 and coverage["scope_code"].iloc[-1] == NATION
    # too many rows for one column on a slide: two columns of names, side by side
    assert drawn["plot_attainment_by_district axes"] == [19, 19]
    text = json.dumps(deck, ensure_ascii=False)
    assert "Provinsi Indonesia" not in text and "cakupan total nasional" in text
    # the 514 regencies' ranking (a slide holds 12 rows): its first 8, how many are left out,
    # its last 3
    ranking = next(s for s in deck["slides"] if s["kind"] == "ranking")
    assert len(ranking["rows"]) == 12
    assert ranking["rows"][8][:2] == ["…", "503 kabupaten/kota lainnya"]
    whole = figures.metrics[NATION]["index"]["ranking"]
    assert [row[0] for row in ranking["rows"][-3:]] == [str(e["rank"]) for e in whole[-3:]]
    assert "Peringkat lengkap" in ranking["caveat"]
    # the ranks shown in colour are the first three, however many share them
    assert ranking["top"] == [int(row[0]) <= 3 if row[0] != "…" else False
                              for row in ranking["rows"]]
