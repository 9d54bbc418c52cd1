"""Data-collection worksheets: a plant goes out as a sheet to fill, and comes back as the same plant."""

import math

import pandas as pd
import pytest

from cpkit import worksheet
from cpkit.cases import running_case
from cpkit.errors import CPInputError


@pytest.fixture
def mill():
    return running_case()


@pytest.mark.parametrize("ending", ["xlsx", "csv"])
def test_plant_to_worksheet_file_to_plant_gives_the_same_plant(mill, tmp_path, ending):
    path = tmp_path / f"song-da.{ending}"
    (worksheet.write_excel if ending == "xlsx" else worksheet.write_csv)(mill, path)
    assert worksheet.read(path) == mill


@pytest.mark.parametrize("ending", ["xlsx", "csv"])
def test_worksheet_to_plant_to_worksheet_gives_the_same_worksheet(mill, tmp_path, ending):
    methods = {"Natural gas": "gas meter, monthly reading", "Water to dyeing": "water meter WM-3"}
    sheet = worksheet.to_worksheet(mill, methods=methods)
    path = tmp_path / f"song-da.{ending}"
    (worksheet.write_excel if ending == "xlsx" else worksheet.write_csv)(mill, path, methods=methods)
    filled = worksheet.read_table(path)
    again = worksheet.to_worksheet(worksheet.read(path), methods=worksheet.methods(filled))
    pd.testing.assert_frame_equal(again, sheet)


def test_a_blank_worksheet_keeps_the_streams_and_empties_every_figure(mill):
    sheet = worksheet.blank(mill)
    assert list(sheet["Stream"]) == [s.name for s in mill.streams]
    assert sheet["Quantity"].isna().all()
    assert (sheet[["Unit", "Status", "Measurement method", "Uncertainty"]] == "").all().all()
    assert list(sheet.columns[:len(worksheet.COLUMNS)]) == worksheet.COLUMNS


def test_a_filled_blank_sheet_reads_with_the_figures_typed_and_the_rest_unknown(mill, tmp_path):
    path = tmp_path / "to-fill.xlsx"
    worksheet.write_excel(mill, path, blank_figures=True)
    sheet = worksheet.read_table(path)
    row = sheet.index[sheet["Stream"] == "Water to rinsing"][0]
    sheet.loc[row, ["Quantity", "Unit", "Status", "Measurement method"]] = [14800, "m3/month", "measured", "meter"]
    plant = worksheet.to_plant(sheet, mill, name=mill.name)
    assert plant.stream("Water to rinsing").quantity.to("m**3/month").magnitude == 14800
    assert plant.stream("Grey fabric").status == "unknown"


def test_the_excel_worksheet_prints_landscape_one_page_wide_with_its_header_on_every_page(mill, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "song-da.xlsx"
    worksheet.write_excel(mill, path)
    ws = load_workbook(path)["Streams"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"
    assert [c.value for c in ws[1]][:len(worksheet.COLUMNS)] == worksheet.COLUMNS


def sheet_with(mill, stream, **changes):
    sheet = worksheet.to_worksheet(mill)
    row = sheet.index[sheet["Stream"] == stream][0]
    for column, value in changes.items():
        sheet.loc[row, column] = value
    return sheet, row + 2  # spreadsheet row: header on row 1


def test_a_typo_in_a_step_name_names_the_row_the_stream_and_the_step_it_meant(mill):
    sheet, row = sheet_with(mill, "Water to dyeing", To="Dyeng")
    with pytest.raises(CPInputError) as err:
        worksheet.to_plant(sheet, mill, name=mill.name)
    message = str(err.value)
    assert f"Row {row} of the worksheet (stream 'Water to dyeing')" in message
    assert "'Dyeng' is not a step" in message and "Did you mean 'Dyeing'?" in message


def test_a_unit_that_is_not_a_unit_names_the_row(mill):
    sheet, row = sheet_with(mill, "Water to rinsing", Unit="m3/montth")
    with pytest.raises(CPInputError, match=rf"Row {row} .*'Water to rinsing'.*'m3/montth' is not a unit"):
        worksheet.to_plant(sheet, mill, name=mill.name)


def test_a_unit_of_the_wrong_kind_names_the_row(mill):
    # 14,800 m³ without "/month" is an amount, not a flow per month of this plant
    sheet, row = sheet_with(mill, "Water to rinsing", Unit="m3")
    with pytest.raises(CPInputError, match=rf"Row {row} .*'Water to rinsing'.*not a mass, volume or energy per month"):
        worksheet.to_plant(sheet, mill, name=mill.name)


def test_a_quantity_without_unit_names_the_row(mill):
    sheet, row = sheet_with(mill, "Dyes", Unit="")
    with pytest.raises(CPInputError, match=rf"Row {row} .*'Dyes'.*has no unit"):
        worksheet.to_plant(sheet, mill, name=mill.name)


def test_a_status_typo_names_the_row_and_suggests_the_status(mill):
    sheet, row = sheet_with(mill, "Dyes", Status="mesured")
    with pytest.raises(CPInputError, match=rf"Row {row} .*Did you mean 'measured'"):
        worksheet.to_plant(sheet, mill, name=mill.name)


def test_a_missing_column_is_named(mill):
    sheet = worksheet.to_worksheet(mill).drop(columns=["Unit"])
    with pytest.raises(CPInputError, match="no column 'Unit'"):
        worksheet.to_plant(sheet, mill, name=mill.name)


def test_a_row_without_a_stream_name_is_refused_but_an_empty_row_is_skipped(mill):
    sheet = worksheet.to_worksheet(mill)
    empty = pd.DataFrame([{c: math.nan for c in sheet.columns}])
    plant = worksheet.to_plant(pd.concat([sheet, empty], ignore_index=True), mill, name=mill.name)
    assert plant.streams == mill.streams
    sheet.loc[3, "Stream"] = ""
    with pytest.raises(CPInputError, match="Row 5 of the worksheet has no stream name"):
        worksheet.to_plant(sheet, mill, name=mill.name)


def test_a_bad_row_in_a_filled_excel_file_is_named_by_its_row_in_the_spreadsheet(mill, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "filled.xlsx"
    worksheet.write_excel(mill, path)
    book = load_workbook(path)
    ws = book["Streams"]
    header = [c.value for c in ws[1]]
    ws.cell(row=7, column=header.index("From") + 1, value="Pretreatmnet")
    book.save(path)
    stream = ws.cell(row=7, column=1).value
    with pytest.raises(CPInputError, match=rf"Row 7 of the worksheet \(stream '{stream}'\).*Did you mean 'Pretreatment'"):
        worksheet.read(path)


def test_files_that_are_not_worksheets_get_a_clear_message(tmp_path):
    with pytest.raises(CPInputError, match="There is no file"):
        worksheet.read(tmp_path / "missing.xlsx")
    odd = tmp_path / "notes.txt"
    odd.write_text("hello")
    with pytest.raises(CPInputError, match="neither a CSV file nor an Excel workbook"):
        worksheet.read(odd)
    bare = tmp_path / "bare.csv"
    bare.write_text("Stream,From,To,Kind,Quantity,Unit,Status\n")
    with pytest.raises(CPInputError, match="does not say the plant's steps"):
        worksheet.read(bare)
