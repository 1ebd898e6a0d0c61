"""Report notebook parameters: a bad value stops with one short message naming the valid ones."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from analysis.reference.province import province_setting
from analysis.report_sections.context import open_report
from analysis.report_sections.parameters import ParameterError, checked_scope


def test_unknown_scope_names_every_valid_scope_in_indonesian():
    with pytest.raises(ParameterError) as excinfo:
        open_report(scope="Atlantis")
    text = str(excinfo.value)
    assert text.startswith("Parameter scope 'Atlantis' tidak dikenal. Pilih salah satu: ")
    assert "15.07 (Kab. Tanjung Jabung Timur)" in text and "15 (provinsi)" in text
    assert "\n" not in text


@pytest.mark.parametrize(("province", "given", "code"), [
    ("32", 32.1, "32.10"),  # papermill -p scope 32.10: Kab. Majalengka, not Kab. Bogor (32.01)
    ("32", 32.01, "32.01"),
    ("15", 15.07, "15.07"),
    ("15", 15, "15"),
    ("15", 1507, "15.07"),
])
def test_a_code_that_papermill_made_a_number_names_its_regency(province, given, code):
    with province_setting(province):
        assert checked_scope(given, "id").code == code


def test_a_number_that_is_no_code_is_refused():
    with pytest.raises(ParameterError, match="Parameter scope '15.70' tidak dikenal"):
        checked_scope(15.7, "id")


@pytest.mark.parametrize(("values", "expected"), [
    ({"lang": "fr"}, "Parameter lang 'fr' tidak dikenal. Pilih salah satu: id, en."),
    ({"audience": "press"}, "Parameter audience 'press' tidak dikenal. Pilih salah satu: "
                            "public, internal."),
    ({"period": "2025-4"}, "Parameter period '2025-4' tidak dikenal."),
    ({"coding": "2024"}, "Parameter coding '2024' tidak dikenal. Pilih salah satu: 2022, 2025."),
    ({"scope": "Atlantis", "lang": "en"}, "Unknown scope parameter 'Atlantis'. Choose one of:"),
])
def test_every_parameter_is_checked(values, expected):
    with pytest.raises(ParameterError, match=expected.replace(".", r"\.").replace("(", r"\(")):
        open_report(**values)


def test_jupyter_shows_the_message_without_a_traceback():
    shell = InteractiveShell.instance()
    with capture_output() as captured:
        shell.run_cell("from analysis.report_sections.context import open_report\n"
                       "open_report(scope='Atlantis')")
    shown = captured.stdout + captured.stderr
    assert "Parameter scope 'Atlantis' tidak dikenal" in shown
    assert "Traceback" not in shown and "File " not in shown
    assert len(shown.strip().splitlines()) == 1


def test_jupyter_shows_a_dataset_problem_without_a_traceback(tmp_path):
    shell = InteractiveShell.instance()
    with capture_output() as captured:
        shell.run_cell("from analysis.report_sections.context import open_report\n"
                       f"open_report(data_dir={str(tmp_path / 'ekspor')!r})")
    shown = captured.stdout + captured.stderr
    assert f"error: {tmp_path / 'ekspor'}: dataset folder not found" in shown
    assert "Traceback" not in shown and "File " not in shown
