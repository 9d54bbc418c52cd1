"""Data-collection worksheets: print them, fill them in a spreadsheet, read them back into a plant.

After the walk-through (module 2) the team knows the plant's steps and
streams, but not yet how big each stream is. A worksheet lists every stream
with empty columns for the figure, its unit, how it was found (measured,
estimated), the measurement method and its uncertainty. The team prints it
or fills it in a spreadsheet (Excel, LibreOffice), and :func:`read` turns the
filled sheet into a :class:`~cpkit.flowsheet.Plant` for the balance.

- :func:`blank` and :func:`to_worksheet`: the worksheet of a plant, empty or
  filled, as a table;
- :func:`write_excel` and :func:`write_csv`: a file to print and fill;
- :func:`read`: a filled file (``.xlsx`` or ``.csv``) back into a plant;
- :func:`to_plant`: the same from a table already in memory.

A row that cannot be read is refused with a :class:`~cpkit.errors.CPInputError`
that names the row, as the spreadsheet numbers it, and the stream: a unit
that is not a unit or does not fit the plant's period, a step name that is
not a step of the plant ("Did you mean ...?"), a column left out.

>>> from cpkit.flowsheet import Plant
>>> plant = Plant("Scouring machine", period="batch")
>>> plant.add_step("Scouring")
>>> plant.add_stream("Fresh water", "outside", "Scouring", "5000 kg", kind="water")
>>> plant.add_stream("Wastewater", "Scouring", "outside", kind="wastewater")
>>> sheet = blank(plant)
>>> sheet[["Stream", "From", "To", "Quantity", "Unit", "Status"]].values.tolist()
[['Fresh water', 'outside', 'Scouring', nan, '', ''], ['Wastewater', 'Scouring', 'outside', nan, '', '']]
>>> sheet.loc[0, ["Quantity", "Unit", "Status", "Measurement method"]] = [5000, "kg", "measured", "water meter"]
>>> to_plant(sheet, steps=["Scouring"], name="Scouring machine", period="batch").stream("Fresh water").quantity
<Quantity(5000.0, 'kilogram')>
"""

from __future__ import annotations

import math
from pathlib import Path

from cpkit.errors import CPInputError, did_you_mean
from cpkit.flowsheet import OUTSIDE, Plant

def _suggest(name, names):
    hint = did_you_mean(name, names)
    return f" {hint}" if hint else ""


__all__ = ["COLUMNS", "REQUIRED", "blank", "to_worksheet", "to_plant", "read", "write_csv", "write_excel",
           "methods", "read_table"]

COLUMNS = ["Stream", "From", "To", "Kind", "Quantity", "Unit", "Status", "Measurement method",
           "Uncertainty", "Density", "Specific energy", "Description", "Remarks"]
"""The columns of a worksheet, in order; composition columns ("Composition: water") may follow."""

REQUIRED = ["Stream", "From", "To", "Kind", "Quantity", "Unit", "Status"]
"""Columns a filled worksheet must have."""

HEADER_ROW = 1
"""The spreadsheet row of the column headers: data start on the next row."""

_WIDTHS = {"Stream": 30, "From": 22, "To": 22, "Kind": 13, "Quantity": 11, "Unit": 13, "Status": 11,
           "Measurement method": 30, "Uncertainty": 11, "Density": 10, "Specific energy": 13,
           "Description": 40, "Remarks": 30}


def _blank_cell(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        (isinstance(value, str) and not value.strip())


def to_worksheet(plant, methods=None):
    """The worksheet of ``plant`` with its figures filled in, as a pandas table.

    ``methods``: {stream name: how it was measured} for the column
    "Measurement method" (see :func:`methods` to take them from a filled
    worksheet).

    >>> from cpkit.cases import running_case
    >>> sheet = to_worksheet(running_case())
    >>> sheet.loc[sheet["Stream"] == "Natural gas", ["Quantity", "Unit", "Status", "Uncertainty"]].values.tolist()
    [[59000.0, 'Nm3/month', 'measured', '1 %']]
    """
    _, streams = plant.to_tables()
    methods = methods or {}
    streams.insert(streams.columns.get_loc("Uncertainty"), "Measurement method",
                   [methods.get(name, "") for name in streams["Stream"]])
    streams.insert(streams.columns.get_loc("Description") + 1, "Remarks", "")
    return streams


def blank(plant):
    """The worksheet of ``plant`` with every figure left empty, ready to print and fill.

    The streams, where they come from and go to, and their kind are kept:
    they come from the walk-through. Quantity, unit, status, method and
    uncertainty are for the team to fill in.
    """
    sheet = to_worksheet(plant)
    sheet["Quantity"] = math.nan
    for column in ("Unit", "Status", "Measurement method", "Uncertainty"):
        sheet[column] = ""
    return sheet


def methods(sheet):
    """{stream: measurement method} from a filled worksheet (rows with a method only)."""
    if "Measurement method" not in sheet.columns:
        return {}
    return {str(r["Stream"]).strip(): str(r["Measurement method"]).strip()
            for r in sheet.to_dict("records")
            if not _blank_cell(r.get("Stream")) and not _blank_cell(r.get("Measurement method"))}


def _row_error(row_number, stream, err):
    where = f"Row {row_number} of the worksheet" + (f" (stream '{stream}')" if stream else "")
    return CPInputError(f"{where}: {err.problem}", fix=err.fix, field=err.field)


def to_plant(sheet, steps, name="Plant", period="month", description=""):
    """A plant from a filled worksheet (a pandas table with the :data:`COLUMNS`).

    ``steps``: the plant's step names (a list, or a steps table with a
    column "Step", or a plant whose steps to take). A stream whose "From" or
    "To" is not one of them, nor "outside", is refused: a typo must not make
    a new step.

    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"Stream": ["Water"], "From": ["outside"], "To": ["Dyeng"], "Kind": ["water"],
    ...                       "Quantity": [12700], "Unit": ["m3/month"], "Status": ["measured"]})
    >>> to_plant(sheet, steps=["Dyeing"], name="Mill")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: Row 2 of the worksheet (stream 'Water'): its destination 'Dyeng' is not a step of plant 'Mill'. Did you mean 'Dyeing'?
    How to fix: Correct the name in the column 'To': use one of 'Dyeing', or 'outside'.
    """
    import pandas as pd

    if not isinstance(sheet, pd.DataFrame):
        raise CPInputError(f"A worksheet must be a table (pandas DataFrame), not {type(sheet).__name__}.",
                           fix="Read the file with cpkit.worksheet.read(path).")
    sheet = sheet.rename(columns=lambda c: str(c).strip())
    missing = [c for c in REQUIRED if c not in sheet.columns]
    if missing:
        raise CPInputError(
            f"The worksheet has no column {', '.join(repr(c) for c in missing)}.",
            fix=f"Keep the header row as written: {', '.join(REQUIRED)} (and the optional "
                f"{', '.join(c for c in COLUMNS if c not in REQUIRED)}). Add the column back, even if empty.",
            field=missing[0],
        )
    if isinstance(steps, Plant):
        step_rows = [{"Step": s.name, "Description": s.description,
                      "Accumulation": s.accumulation} for s in steps.steps]
    elif isinstance(steps, pd.DataFrame):
        step_rows = steps.to_dict("records")
    elif isinstance(steps, (list, tuple)):
        step_rows = [{"Step": s} for s in steps]
    else:
        raise CPInputError(f"The steps must be a list of step names, a steps table or a plant, not {steps!r}.",
                           fix="Give them like ['Pretreatment', 'Dyeing'].", field="steps")
    plant = Plant(name, period=period, description=description)
    for r in step_rows:
        plant.add_step(r.get("Step"), description=r.get("Description", ""),
                       accumulation=None if _blank_cell(r.get("Accumulation")) else r.get("Accumulation"))
    step_names = [s.name for s in plant.steps]
    for index, r in enumerate(sheet.to_dict("records")):
        row_number = HEADER_ROW + 1 + index
        stream = None if _blank_cell(r.get("Stream")) else str(r["Stream"]).strip()
        if stream is None:
            if all(_blank_cell(v) for v in r.values()):
                continue  # an empty line of the sheet
            raise CPInputError(f"Row {row_number} of the worksheet has no stream name.",
                               fix="Fill in the column 'Stream', or clear the whole row.")
        try:
            ends = {}
            for column, which in (("From", "source"), ("To", "destination")):
                value = r.get(column)
                if _blank_cell(value):
                    raise CPInputError(f"its {which} (column '{column}') is empty.",
                                       fix="Give a step name, or 'outside' at the plant boundary.")
                value = str(value).strip()
                if value.lower() == OUTSIDE:
                    value = OUTSIDE
                elif value not in step_names:
                    raise CPInputError(
                        f"its {which} '{value}' is not a step of plant '{name}'.{_suggest(value, step_names)}",
                        fix=f"Correct the name in the column '{column}': use one of "
                            f"{', '.join(repr(s) for s in step_names)}, or 'outside'.", field=column,
                    )
                ends[which] = value
            quantity = r.get("Quantity")
            unit = r.get("Unit")
            if _blank_cell(quantity):
                quantity = None
                if not _blank_cell(unit) and str(r.get("Status", "")).strip().lower() not in ("", "unknown"):
                    raise CPInputError("it has a unit but no quantity.",
                                       fix="Fill in the column 'Quantity', or set the status to 'unknown'.")
            else:
                if _blank_cell(unit):
                    raise CPInputError(f"the quantity {quantity} has no unit.",
                                       fix=f"Fill in the column 'Unit', e.g. 'm3/{period}' or 't/{period}'.")
                quantity = _quantity(quantity, unit, period)
            composition = {k.split(":", 1)[1].strip(): _number_or_text(v) for k, v in r.items()
                           if str(k).startswith("Composition:") and not _blank_cell(v)}
            plant.add_stream(
                stream, ends["source"], ends["destination"], quantity, kind=_text(r.get("Kind")),
                composition=composition, status=_text(r.get("Status")), uncertainty=_text(r.get("Uncertainty")),
                density=_text(r.get("Density")), specific_energy=_text(r.get("Specific energy")),
                description=_text(r.get("Description")) or "",
            )
        except CPInputError as err:
            problem = err.problem
            if problem.startswith(f"Stream '{stream}': "):
                problem = problem[len(f"Stream '{stream}': "):]
            elif problem.startswith(f"Stream '{stream}' "):
                problem = "the stream " + problem[len(f"Stream '{stream}' "):]
            err = CPInputError(problem, fix=err.fix, field=err.field)
            raise _row_error(row_number, stream, err) from None
    return plant


def _text(value):
    if _blank_cell(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number_or_text(value):
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return str(value)


def _quantity(number, unit, period):
    from cpkit.units import Q_

    text = str(unit).strip()
    try:
        value = float(str(number).replace(" ", "")) if isinstance(number, str) else float(number)
    except (TypeError, ValueError):
        raise CPInputError(f"the quantity {number!r} is not a number.",
                           fix="Write a plain number in 'Quantity' (1500 or 1500.5) and its unit in 'Unit'.") from None
    try:
        return Q_(value, text)
    except CPInputError:
        raise
    except Exception:
        raise CPInputError(
            f"the unit {text!r} is not a unit cpkit knows.",
            fix=f"Write it like 'm3/{period}', 't/{period}', 'kWh/{period}' or 'Nm3/{period}'.",
        ) from None


# --------------------------------------------------------------------------- files


def write_csv(plant, path, blank_figures=False, methods=None):
    """Write the worksheet as a CSV file; '#' lines on top say the plant, its period and its steps.

    >>> import tempfile, os
    >>> from cpkit.cases import running_case
    >>> path = os.path.join(tempfile.mkdtemp(), "song-da.csv")
    >>> write_csv(running_case(), path)
    >>> read(path) == running_case()
    True
    """
    sheet = blank(plant) if blank_figures else to_worksheet(plant, methods=methods)
    lines = [f"# Plant: {plant.name}", f"# Period: {plant.period}"]
    if plant.description:
        lines.append(f"# Description: {plant.description}")
    for s in plant.steps:  # name | description | accumulation
        accumulation = "" if s.accumulation is None else f"{s.accumulation:~C}"
        lines.append(f"# Step: {s.name} | {s.description} | {accumulation}".rstrip(" |"))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
        sheet.to_csv(f, index=False)


def _csv_header(path):
    header = {"step": []}
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            key = key.strip().lower()
            if key == "step":
                parts = [p.strip() for p in value.split("|")] + ["", ""]
                header["step"].append({"Step": parts[0], "Description": parts[1], "Accumulation": parts[2]})
            else:
                header[key] = value.strip()
    return header


def write_excel(plant, path, blank_figures=False, methods=None):
    """Write the worksheet as an Excel workbook (.xlsx) that prints on landscape pages.

    Sheets: "Streams" (the worksheet, header row repeated on every printed
    page), "Steps" (the plant's steps) and "Plant" (name and period).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = blank(plant) if blank_figures else to_worksheet(plant, methods=methods)
    book = Workbook()
    ws = book.active
    ws.title = "Streams"
    ws.append(list(sheet.columns))
    for record in sheet.itertuples(index=False):
        ws.append([None if _blank_cell(v) else v for v in record])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for cell in ws[HEADER_ROW]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = _WIDTHS.get(column, 14)
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    status_column = ws.cell(row=1, column=list(sheet.columns).index("Status") + 1).column_letter
    validation = DataValidation(type="list", formula1='"measured,estimated,unknown"', allow_blank=True)
    ws.add_data_validation(validation)
    validation.add(f"{status_column}2:{status_column}{max(len(sheet) + 1, 2) + 50}")

    steps = book.create_sheet("Steps")
    steps.append(["Step", "Description", "Accumulation"])
    for s in plant.steps:
        steps.append([s.name, s.description or None,
                      None if s.accumulation is None else f"{s.accumulation:~C}"])
    for cell in steps[1]:
        cell.font, cell.fill = bold, fill
    steps.column_dimensions["A"].width, steps.column_dimensions["B"].width = 30, 60
    about = book.create_sheet("Plant")
    for row in (["Plant", plant.name], ["Period", plant.period], ["Description", plant.description or None]):
        about.append(row)
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 14, 60
    book.save(path)


def _read_table(path):
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise CPInputError(f"There is no file '{path}'.", fix="Check the name and the folder of the worksheet.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = _csv_header(path)
        try:
            sheet = pd.read_csv(path, comment="#", dtype={"Stream": str, "From": str, "To": str, "Unit": str},
                                keep_default_na=False, na_values=[""])
        except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as error:
            raise CPInputError(f"The worksheet '{path.name}' has no table of streams that can be read ({error}).",
                               fix="Keep the header row (Stream, From, To, ...) and one row per stream under the "
                                   "'#' lines; write it again with cpkit.worksheet.write_csv if it is damaged.",
                               field="streams") from None
        if not header["step"]:
            raise CPInputError(f"The worksheet '{path.name}' does not say the plant's steps.",
                               fix="Keep the lines '# Step: <name> | <description>' at the top of the file, "
                                   "one for each step.", field="steps")
        return sheet, pd.DataFrame(header["step"]), header.get("plant") or path.stem, header.get("period") or "month", \
            header.get("description", "")
    if suffix in (".xlsx", ".xlsm"):
        try:
            book = pd.read_excel(path, sheet_name=None, dtype=object)
        except Exception as err:
            raise CPInputError(f"'{path.name}' cannot be read as an Excel workbook ({type(err).__name__}).",
                               fix="Save it from the spreadsheet as an Excel workbook (.xlsx).") from None
        for needed in ("Streams", "Steps"):
            if needed not in book:
                raise CPInputError(f"The workbook '{path.name}' has no sheet '{needed}'.",
                                   fix="Keep the sheets 'Streams', 'Steps' and 'Plant' as the worksheet was written.")
        about = {}
        if "Plant" in book:
            frame = pd.read_excel(path, sheet_name="Plant", header=None, dtype=object)
            about = {str(k).strip().lower(): v for k, v in frame.itertuples(index=False) if not _blank_cell(k)}
        sheet = book["Streams"]
        for column in ("Quantity",):
            if column in sheet.columns:
                sheet[column] = sheet[column].astype(object)
        return sheet, book["Steps"], _text(about.get("plant")) or path.stem, _text(about.get("period")) or "month", \
            _text(about.get("description")) or ""
    raise CPInputError(f"'{path.name}' is neither a CSV file nor an Excel workbook.",
                       fix="Save the worksheet as .csv or .xlsx.")


def read(path):
    """A plant from a filled worksheet file, ``.xlsx`` (Excel) or ``.csv``.

    The file says the plant's name, period and steps (as :func:`write_excel`
    and :func:`write_csv` write them); each row of the streams becomes a
    stream of the plant. A bad row is refused with its row number.
    """
    sheet, steps, name, period, description = _read_table(path)
    return to_plant(sheet, steps, name=name, period=period, description=description)


def read_table(path):
    """The filled worksheet as a table, as typed (to see the measurement methods and remarks)."""
    return _read_table(path)[0]
