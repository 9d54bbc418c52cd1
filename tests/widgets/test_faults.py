"""The tools under faults: nothing a trainee typed is lost, nothing crashes on opening.

Faults tried on every tool: save files damaged in each way a file can be
(not JSON, the wrong JSON type, null, a list, values of the wrong type, table
rows that are not rows), a folder that cannot be written, a save cut short
(the disk full half-way), two copies of a tool on one file, a tool for
another plant on the file of the first, and two trainees of one Voila app.
Each test checks the three promises: the tool opens, every value typed is
somewhere on disk or still in the tool, and the trainee is told where.
"""

import errno
import json
import os

import pytest

import cpkit
from cpkit.flowsheet import Plant
from cpkit.widgets import form
from cpkit.widgets.balance_tool import BalanceTool
from cpkit.widgets.boiler_tool import BoilerTool
from cpkit.widgets.feasibility_tool import FeasibilityTool
from cpkit.widgets.monitoring_tool import MonitoringTool
from cpkit.widgets.screening_tool import ScreeningTool
from cpkit.widgets.waste_cost_tool import WasteCostTool

TOOLS = {
    "balance": lambda path: BalanceTool(cpkit.cases.running_case(), save_as=path),
    "boiler": lambda path: BoilerTool(save_as=path),
    "feasibility": lambda path: FeasibilityTool(save_as=path),
    "monitoring": lambda path: MonitoringTool(save_as=path),
    "screening": lambda path: ScreeningTool(save_as=path),
    "waste_cost": lambda path: WasteCostTool(cpkit.cases.running_case(), save_as=path),
}
# One number each tool shows, and a second value for it that still gives a result.
FIRST_NUMBER = {"balance": ("mode", "Balance as measured"), "boiler": ("o2", 5.5),
                "feasibility": ("investment", 35_000.0), "monitoring": ("target", 2.2),
                "screening": ("economic", 40.0), "waste_cost": ("line", 70.0)}
TABLE = {"balance": "streams", "monitoring": "months", "screening": "options", "waste_cost": "prices"}

DAMAGE = {
    "not JSON": b'{"tool": "feasib',
    "not UTF-8": b"\xff\xfe\x00garbage",
    "empty": b"",
    "null": b"null",
    "a list": b"[1, 2, 3]",
    "a number": b"42",
    "text": b'"values"',
    "values null": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": null}',
    "values a list": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": [1, 2]}',
    "no tool named": b'{"values": {}}',
    "a value null": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(key)s": null}}',
    "a value a list": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(key)s": [1]}}',
    "a value a mapping": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(key)s": {"a": 1}}}',
    "a value of the wrong type": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(key)s": true}}',
    "a value NaN": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(key)s": NaN}}',
    "a field unknown": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"colour": "blue"}}',
}
TABLE_DAMAGE = {
    "a table null": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(table)s": null}}',
    "a table of text": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(table)s": "rows"}}',
    "rows that are not rows": b'{"tool": "%(tool)s", "owner": "%(owner)s", "values": {"%(table)s": [null, 3, []]}}',
}


def owner(name):
    return cpkit.cases.running_case().name if name in ("balance", "waste_cost") else ""


def damaged_file(path, tool, damage):
    text = damage % {b"tool": tool.encode(), b"owner": owner(tool).encode(),
                     b"key": FIRST_NUMBER[tool][0].encode(), b"table": TABLE.get(tool, "").encode()}
    path.write_bytes(text)
    return text


def backups(folder):
    return sorted(folder.glob("*.damaged-*.cpkit.json"))


CASES = [(tool, kind) for tool in TOOLS for kind in DAMAGE] + [(tool, kind) for tool in TABLE for kind in TABLE_DAMAGE]


@pytest.mark.parametrize("name,kind", CASES, ids=[f"{t}-{k}" for t, k in CASES])
def test_a_damaged_save_file_opens_with_defaults_keeps_a_backup_and_says_so_until_read(tmp_path, name, kind):
    path = tmp_path / f"{name}.cpkit.json"
    original = damaged_file(path, name, {**DAMAGE, **TABLE_DAMAGE}[kind])
    tool = TOOLS[name](path)  # no exception: the tool opens

    assert tool.result is not None, tool.status.value
    kept = backups(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes() == original
    assert kept[0].name in tool.notice.value, "the backup is named to the trainee"
    assert tool.dismiss.layout.display != "none"

    key, value = FIRST_NUMBER[name]
    tool.fields[key].value = value  # the first edit
    assert kept[0].name in tool.notice.value, "the notice stays after an edit"
    assert kept[0].read_bytes() == original, "the backup is not overwritten"
    saved = json.loads(tool.file.read_text())
    assert saved["tool"] == name and saved["values"][key] == value

    tool.dismiss.click()
    assert tool.notice.value == "" and tool.dismiss.layout.display == "none"


def test_a_saved_table_keeps_its_good_cells_and_marks_the_bad_one(tmp_path):
    path = tmp_path / "monitoring.cpkit.json"
    rows = cpkit.widgets.monitoring_tool.running_case_months()
    rows[2] = {**rows[2], "production": "abc"}
    rows[5] = {**rows[5], "month": None}
    path.write_text(json.dumps({"tool": "monitoring", "owner": "", "values": {"months": rows}}))
    tool = MonitoringTool(save_as=path)
    table = tool.fields["months"]
    assert len(table.value) == 18 and table.value[3] == rows[3], "the rows that could be read are kept"
    assert table.value[2]["production"] == 0
    assert (2, "production") in table.marked() and (5, "month") in table.marked()
    assert "row 3, Production (t)" in table.message.value and "'abc'" in table.message.value
    assert backups(tmp_path)


def test_a_save_file_that_cannot_even_be_copied_is_left_untouched(tmp_path, monkeypatch):
    path = tmp_path / "feasibility.cpkit.json"
    path.write_bytes(b"[]")

    def no_copy(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(form.shutil, "copyfile", no_copy)
    tool = FeasibilityTool(save_as=path)
    tool.fields["investment"].value = 30_000
    assert path.read_bytes() == b"[]", "with no backup, the damaged file is not overwritten"
    assert tool.file.name == "feasibility-2.cpkit.json"
    assert json.loads(tool.file.read_text())["values"]["investment"] == 30_000
    assert "feasibility-2.cpkit.json" in tool.notice.value and "Permission denied" in tool.notice.value


def test_a_folder_that_cannot_be_written_keeps_the_values_in_the_spare_folder(tmp_path, monkeypatch):
    work, spare = tmp_path / "read-only", tmp_path / "spare"
    work.mkdir()
    monkeypatch.setenv("CPKIT_SPARE_DIR", str(spare))
    real = form.tempfile.mkstemp

    def read_only(*args, dir=None, **kwargs):  # root can write anywhere: the refusal is simulated
        if dir is not None and os.path.samefile(dir, work):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(form.tempfile, "mkstemp", read_only)
    tool = FeasibilityTool(save_as=work / "feasibility.cpkit.json")
    tool.fields["investment"].value = 31_000
    assert "could not be saved" in tool.status.value and "Permission denied" in tool.status.value
    assert str(spare) in tool.status.value
    assert not list(work.iterdir())

    reopened = FeasibilityTool(save_as=work / "feasibility.cpkit.json")
    assert reopened.fields["investment"].value == 31_000, "the typed value comes back from the spare folder"
    assert str(spare) in reopened.notice.value


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_keeps_the_values_in_the_spare_folder(tmp_path, monkeypatch):
    work = tmp_path / "read-only"
    work.mkdir()
    monkeypatch.setenv("CPKIT_SPARE_DIR", str(tmp_path / "spare"))
    tool = FeasibilityTool(save_as=work / "feasibility.cpkit.json")
    work.chmod(0o555)
    try:
        tool.fields["investment"].value = 31_000
        assert "could not be saved" in tool.status.value
        assert FeasibilityTool(save_as=work / "feasibility.cpkit.json").fields["investment"].value == 31_000
    finally:
        work.chmod(0o755)


def test_a_save_cut_short_keeps_the_last_save_and_the_typed_value_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "feasibility.cpkit.json"
    monkeypatch.setenv("CPKIT_SPARE_DIR", str(tmp_path / "spare"))
    tool = FeasibilityTool(save_as=path)
    tool.fields["investment"].value = 25_000
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(form.os, "fsync", disk_full)  # the data is half-written when the disk fills up
    tool.fields["lifetime"].value = 7
    assert path.read_bytes() == before, "the last complete save is untouched"
    assert tool.fields["lifetime"].value == 7, "what was typed is still in the tool"
    assert "could not be saved" in tool.status.value and "No space left on device" in tool.status.value
    assert "still here in the tool" in tool.status.value
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["feasibility.cpkit.json"], "no half file left"

    monkeypatch.undo()
    tool.fields["rate"].value = 12.0  # the next change saves everything typed so far
    values = json.loads(path.read_text())["values"]
    assert (values["investment"], values["lifetime"], values["rate"]) == (25_000, 7, 12.0)
    assert "could not be saved" not in tool.status.value


def test_two_copies_of_a_tool_on_one_file_never_overwrite_each_other(tmp_path):
    path = tmp_path / "feasibility.cpkit.json"
    first, second = FeasibilityTool(save_as=path), FeasibilityTool(save_as=path)
    first.fields["investment"].value = 11_000
    second.fields["investment"].value = 22_000
    first.fields["lifetime"].value = 6
    assert json.loads(path.read_text())["values"]["investment"] == 11_000
    assert json.loads(path.read_text())["values"]["lifetime"] == 6
    other = tmp_path / "feasibility-2.cpkit.json"
    assert second.file == other and json.loads(other.read_text())["values"]["investment"] == 22_000
    assert "feasibility-2.cpkit.json" in second.notice.value and "another copy" in second.notice.value
    assert first.notice.value == ""


def test_two_copies_of_a_tool_in_one_folder_by_default_never_overwrite_each_other(tmp_path, monkeypatch):
    monkeypatch.setenv("CPKIT_WORK_DIR", str(tmp_path))
    first, second = cpkit.widgets.boiler(), cpkit.widgets.boiler()
    first.fields["o2"].value = 4.0
    second.fields["o2"].value = 6.0
    saved = {p.name: json.loads(p.read_text())["values"]["o2"] for p in tmp_path.glob("*.cpkit.json")}
    assert saved == {"boiler.cpkit.json": 4.0, "boiler-2.cpkit.json": 6.0}


def other_plant():
    steps, streams = cpkit.cases.running_case().to_tables()
    streams = streams[streams["Stream"] != "Dyes"].copy()
    return Plant.from_tables(steps, streams, name="Hoa Binh Knitting", period="month")


def test_a_balance_tool_for_another_plant_opens_its_own_streams_and_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CPKIT_WORK_DIR", str(tmp_path))
    first = cpkit.widgets.balance(cpkit.cases.running_case())
    first.fields["mode"].value = "Balance as measured"
    other = cpkit.widgets.balance(other_plant())
    assert first.file != other.file and "hoa-binh-knitting" in other.file.name
    assert "Dyes" not in [row["Stream"] for row in other.fields["streams"].value]
    assert other.fields["mode"].value != "Balance as measured"


def test_a_balance_tool_given_another_plants_file_leaves_it_alone(tmp_path):
    path = tmp_path / "balance.cpkit.json"
    first = BalanceTool(cpkit.cases.running_case(), save_as=path)
    first.fields["mode"].value = "Balance as measured"
    before = path.read_bytes()
    other = BalanceTool(other_plant(), save_as=path)
    assert "Dyes" not in [row["Stream"] for row in other.fields["streams"].value]
    assert "Song Da" in other.notice.value and "balance-2.cpkit.json" in other.notice.value
    other.fields["mode"].value = "Reconcile measurements"
    assert path.read_bytes() == before
    assert json.loads((tmp_path / "balance-2.cpkit.json").read_text())["owner"] == "Hoa Binh Knitting"


def voila_session(monkeypatch, tmp_path, kernel, query=""):
    monkeypatch.setenv("CPKIT_WORK_DIR", str(tmp_path))
    monkeypatch.delenv("CPKIT_TRAINEE", raising=False)
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1:8866/")
    monkeypatch.setenv("VOILA_KERNEL_ID", kernel)
    monkeypatch.setenv("QUERY_STRING", query)


def test_each_voila_session_saves_its_own_values(tmp_path, monkeypatch):
    voila_session(monkeypatch, tmp_path, "0a1b2c3d-0000")
    first = cpkit.widgets.feasibility()
    first.fields["investment"].value = 11_000
    voila_session(monkeypatch, tmp_path, "9f8e7d6c-0000")
    second = cpkit.widgets.feasibility()
    assert second.fields["investment"].value == 20_000, "the second trainee does not see the first one's value"
    second.fields["investment"].value = 22_000
    assert first.file.name == "feasibility-session-0a1b2c3d.cpkit.json"
    assert json.loads(first.file.read_text())["values"]["investment"] == 11_000
    assert json.loads(second.file.read_text())["values"]["investment"] == 22_000
    assert "?trainee=" in second.saved_label.value


def test_a_trainee_who_gives_a_name_in_the_app_address_finds_the_values_again(tmp_path, monkeypatch):
    voila_session(monkeypatch, tmp_path, "0a1b2c3d-0000", "trainee=Nguyen%20Lan")
    cpkit.widgets.feasibility().fields["investment"].value = 15_000
    voila_session(monkeypatch, tmp_path, "another-kernel", "trainee=Nguyen%20Lan")
    again = cpkit.widgets.feasibility()
    assert again.file.name == "feasibility-nguyen-lan.cpkit.json"
    assert again.fields["investment"].value == 15_000


def test_in_a_notebook_the_save_file_is_the_tools_own(tmp_path, monkeypatch):
    for variable in ("VOILA_REQUEST_URL", "VOILA_KERNEL_ID", "VOILA_BASE_URL", "CPKIT_TRAINEE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CPKIT_WORK_DIR", str(tmp_path))
    assert cpkit.widgets.feasibility().file == tmp_path / "feasibility.cpkit.json"
    assert cpkit.widgets.balance(cpkit.cases.running_case()).file == (
        tmp_path / "balance-song-da-dyeing-finishing.cpkit.json")


INJECTION = "<img src=x onerror=alert(1)>"


def html_shown(widget):
    """Every HTML string a widget tree shows."""
    shown = [widget.value] if hasattr(widget, "value") and isinstance(widget.value, str) and \
        type(widget).__name__ in ("HTML", "HTMLMath") else []
    for child in getattr(widget, "children", ()):
        shown += html_shown(child)
    return shown


@pytest.mark.parametrize("name", TOOLS)
def test_text_typed_into_any_field_is_shown_as_text_never_as_html(tmp_path, name):
    tool = TOOLS[name](tmp_path / f"{name}.cpkit.json")
    for field in tool.fields.values():
        if isinstance(field, form.TableField):
            for key, _, kind, _ in field.columns:
                if kind == "text" and field.rows:
                    before = field.rows[0][key].value
                    field.set_cell(0, key, INJECTION)
                    assert not any("<img" in shown for shown in html_shown(tool.view)), (key, tool.status.value)
                    field.set_cell(0, key, before)
        elif isinstance(field, form.TextField):
            field.value = INJECTION
            assert not any("<img" in shown for shown in html_shown(tool.view))


BAD_NUMBERS = [-1.0, 0.0, -1e9, 1e9, 1e300, float("nan"), float("inf")]


@pytest.mark.parametrize("name", TOOLS)
def test_every_refusal_of_a_number_is_shown_at_a_field_and_nothing_unexpected(tmp_path, name):
    tool = TOOLS[name](tmp_path / f"{name}.cpkit.json")
    for key, field in tool.fields.items():
        if isinstance(field, (form.ChoiceField, form.TextField)):
            continue
        if isinstance(field, form.TableField):
            cells = [(0, k) for k, _, kind, _ in field.columns if kind == "number"] if field.rows else []
            for row, column in cells:
                before = field.rows[row][column].value
                for bad in BAD_NUMBERS:
                    field.set_cell(row, column, bad)
                    assert "Something unexpected" not in tool.status.value, (column, bad, tool.status.value)
                    if tool.status.value:
                        assert any(f.message.value for f in tool.fields.values()), (column, bad, tool.status.value)
                field.set_cell(row, column, before)
            continue
        before = field.value
        for bad in BAD_NUMBERS:
            if isinstance(field, form.IntField) and not (abs(bad) < 1e9):
                continue
            field.value = int(bad) if isinstance(field, form.IntField) else bad
            assert "Something unexpected" not in tool.status.value, (key, bad, tool.status.value)
            if tool.status.value:
                assert any(f.message.value for f in tool.fields.values()), (key, bad, tool.status.value)
        field.value = before
        assert tool.status.value == "", (key, tool.status.value)
