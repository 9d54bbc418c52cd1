"""The frame every course widget is built on: fields in, results out, saved as you type.

A :class:`Tool` is a thin view over a cpkit calculation. Its subclass names
the fields, the calculation and how to show the result; the frame does the
rest:

- every change recalculates at once;
- a value that does not fit shows a message next to its field (in a table,
  the cell is marked too), and the last valid result stays visible. What a
  trainee typed is always shown as text, never as HTML;
- every change is saved to a small JSON file, and the tool reloads it when it
  is opened again (after a kernel restart too), so nothing a trainee typed is
  lost, not even a value still to be corrected.

Saving cannot lose work:

- a save is written to a temporary file beside the save file, then renamed
  over it, so a save cut short leaves the last complete save in place. If the
  folder cannot be written, the values are saved in a spare folder
  (``$CPKIT_SPARE_DIR``, by default ``~/.cpkit/unsaved``) and the tool says
  where; the tool reads them back from there when it is opened again;
- a save file belongs to one tool and one plant (the plant's name is in the
  file's name and in the file). A file written by another tool, for another
  plant, or by another copy of the same tool since this one opened, is never
  overwritten: this one's values go to a file of their own (``...-2``), and
  the tool says which;
- a damaged save file (not JSON, or not the tool's values) is kept as a backup
  (``<name>.damaged-<date>.cpkit.json``), the tool opens with its defaults for
  what could not be read, and a notice names the backup until the trainee
  closes it.

Where the file is, and whose it is
----------------------------------
In a notebook, ``<tool>[-<plant>].cpkit.json`` in the working folder (or
``$CPKIT_WORK_DIR``, or ``save_as``). In an app served by Voila every trainee
has a session of their own, and so a save file of their own: named by the
trainee when the app is opened as ``...?trainee=<name>`` (the same name brings
the values back later), else by the session (``...-session-<id>``), which lasts
as long as the browser tab. ``$CPKIT_TRAINEE`` names the trainee too.

Tools work without a browser: set ``tool.fields["rate"].value`` and read
``tool.result``, as the tests do.
"""

import datetime
import hashlib
import html
import json
import math
import os
import re
import shutil
import tempfile
import urllib.parse
import uuid
from pathlib import Path

import ipywidgets as w
from traitlets import TraitError

from cpkit.errors import CPInputError

ERROR_STYLE = "color:#b00020;font-size:0.9em;"
NOTICE_STYLE = "border:1px solid #b00020;background:#fff4f2;padding:0.4em 0.8em;margin:0.3em 0;"
MARKED = "2px solid #b00020"
SAVE_VERSION = 2
_PROCESS_SESSION = uuid.uuid4().hex[:8]


def work_folder():
    """Where tools save what trainees type: the working folder, or $CPKIT_WORK_DIR."""
    return Path(os.environ.get("CPKIT_WORK_DIR") or Path.cwd())


def spare_folder():
    """Where values go when the work folder cannot be written: $CPKIT_SPARE_DIR or ~/.cpkit/unsaved."""
    return Path(os.environ.get("CPKIT_SPARE_DIR") or Path.home() / ".cpkit" / "unsaved")


def slug(text, limit=40):
    """A file-name-safe form of a name: lower case, letters, digits and hyphens.

    >>> slug("Song Da Dyeing & Finishing")
    'song-da-dyeing-finishing'
    """
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:limit].strip("-")


def in_voila():
    """Whether this kernel runs an app served by Voila (which sets these variables for its kernels)."""
    return any(key in os.environ for key in ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL"))


def _kernel_id():
    if os.environ.get("VOILA_KERNEL_ID"):
        return os.environ["VOILA_KERNEL_ID"]
    try:
        from ipykernel.connect import get_connection_file

        found = re.search(r"kernel-([0-9a-f-]+)\.json$", get_connection_file())
        if found:
            return found.group(1)
    except Exception:  # not in a kernel: one session per Python process
        pass
    return _PROCESS_SESSION


def session_name():
    """Whose values a tool saves: the trainee's name, a Voila session, or "" in a notebook.

    The name comes from the app's address (``?trainee=anna``) or
    ``$CPKIT_TRAINEE``; in a Voila app without a name, from the session.

    >>> import os; os.environ.pop("CPKIT_TRAINEE", None) and None
    >>> session_name() if not in_voila() else ""
    ''
    """
    query = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", "")) if in_voila() else {}
    name = slug((query.get("trainee") or [os.environ.get("CPKIT_TRAINEE", "")])[0])
    if name:
        return name
    return f"session-{slug(_kernel_id())[:8]}" if in_voila() else ""


def default_file(tool, owner="", session=""):
    """The save file of a tool: ``<tool>[-<plant>][-<trainee or session>].cpkit.json`` in the work folder."""
    parts = [tool, slug(owner), session]
    return work_folder() / ("-".join(p for p in parts if p) + ".cpkit.json")


def escape(text):
    """Text a trainee typed (or a message quoting it), made safe to show inside HTML."""
    return html.escape(str(text), quote=False)


def as_text(problem):
    """A refusal as safe HTML: what is wrong, then how to fix it; the trainee's text escaped."""
    if isinstance(problem, CPInputError):
        text = problem.problem + (f" {problem.fix}" if problem.fix else "")
    else:
        text = str(problem)
    return escape(text).replace("\n", "<br>")


def _number(raw, integer=False):
    """A saved number, strictly: an int or float (not a bool, not text), finite."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise ValueError("not a number")
    if integer:
        if raw != int(raw):
            raise ValueError("not a whole number")
        return int(raw)
    return float(raw)


class Field:
    """One labelled input with its unit and an inline message."""

    width = "26em"

    def __init__(self, key, label, value, unit="", minimum=None, maximum=None, help=""):
        self.key, self.label, self.unit = key, label, unit
        self.minimum, self.maximum = minimum, maximum
        self.note = ""  # a persistent note about this field (a saved value that did not fit)
        self.input = self._make_input(value)
        self.input.description = label
        self.input.style = {"description_width": "14em"}
        self.input.layout = w.Layout(width=self.width)
        self.input.description_allow_html = False
        self.message = w.HTML()
        self.unit_label = w.HTML(f"&nbsp;{escape(unit)}")
        self.box = w.HBox([self.input, self.unit_label, self.message])
        if help:
            self.input.tooltip = help

    def _make_input(self, value):
        return w.FloatText(value=float(value))

    @property
    def value(self):
        return self.input.value

    @value.setter
    def value(self, new):
        self.input.value = self.convert(new)

    def convert(self, raw):
        return float(raw)

    def restore(self, raw):
        """Put back a value read from a save file; refuse (ValueError) what does not fit exactly."""
        self.value = _number(raw)
        return []

    def check(self, value):
        """The value if it fits, else raise CPInputError naming the field."""
        if isinstance(value, float) and not math.isfinite(value):
            raise CPInputError(f"{self.label} is not a number.", fix="Enter a number.")
        if self.minimum is not None and value < self.minimum:
            raise CPInputError(f"{self.label} must be at least {self.minimum:g} {self.unit}.".replace(" .", "."))
        if self.maximum is not None and value > self.maximum:
            raise CPInputError(f"{self.label} must be at most {self.maximum:g} {self.unit}.".replace(" .", "."))
        return value

    def show(self, problem, cell=None):
        """Show a refusal (safe HTML from :func:`as_text`, or "") and the field's note; mark the input."""
        parts = []
        if problem:
            parts.append(f"<span style='{ERROR_STYLE}'>&#9888; {problem}</span>")
        if self.note:
            parts.append(f"<span style='{ERROR_STYLE}'>&#9888; {self.note}</span>")
        self.message.value = " ".join(parts)
        self.input.layout.border = MARKED if problem else ""

    def on_change(self, callback):
        self.input.observe(lambda change: callback(), names="value")

    def set_unit(self, unit):
        """Show another unit next to the field (e.g. the currency chosen elsewhere)."""
        self.unit = unit
        self.unit_label.value = f"&nbsp;{escape(unit)}"


class IntField(Field):
    def _make_input(self, value):
        return w.IntText(value=int(value))

    def convert(self, raw):
        return int(raw)

    def restore(self, raw):
        self.value = _number(raw, integer=True)
        return []


class ChoiceField(Field):
    def __init__(self, key, label, value, options, **kwargs):
        self.options = list(options)
        super().__init__(key, label, value, **kwargs)

    width = "36em"

    def _make_input(self, value):
        return w.Dropdown(options=self.options, value=value)

    def convert(self, raw):
        return str(raw)

    def restore(self, raw):
        if not isinstance(raw, str) or raw not in self.options:
            raise ValueError("not one of the choices")
        self.value = raw
        return []

    def check(self, value):
        if value not in self.options:
            raise CPInputError(f"{self.label}: choose one of {', '.join(self.options)}.")
        return value


class TextField(Field):
    def _make_input(self, value):
        return w.Text(value=str(value))

    def convert(self, raw):
        return str(raw)

    def restore(self, raw):
        if not isinstance(raw, str):
            raise ValueError("not text")
        self.value = raw
        return []

    def check(self, value):
        return value


class TableField(Field):
    """An editable table: one row per item (a stream, an option, a month).

    ``columns`` is a list of (key, heading, kind) or (key, heading, kind,
    width), kind "text" or "number". The value is a list of dicts, one per
    row. A refusal about one cell marks that cell.
    """

    WIDTHS = {"text": "11em", "number": "7em"}

    def __init__(self, key, label, rows, columns, minimum=None, **kwargs):
        self.columns = [tuple(c) if len(c) == 4 else (*c, self.WIDTHS[c[2]]) for c in columns]
        self.callbacks = []
        self.grid = w.GridBox(layout=w.Layout(
            grid_template_columns=" ".join(width for *_, width in self.columns), grid_gap="2px 4px"))
        self.headings = [w.HTML(f"<b>{escape(heading)}</b>") for _, heading, _, _ in self.columns]
        self.add_button = w.Button(description="Add a row", icon="plus")
        self.remove_button = w.Button(description="Remove last row", icon="minus")
        self.add_button.on_click(lambda _: self.add_row())
        self.remove_button.on_click(lambda _: self.remove_row())
        self.rows = []
        self.key, self.label, self.unit = key, label, ""
        self.minimum, self.maximum = minimum, None
        self.note, self.note_cells = "", set()
        self.message = w.HTML()
        self.input = self.grid
        self.value = rows
        self.box = w.VBox([w.HTML(f"<b>{escape(label)}</b>"), self.grid,
                           w.HBox([self.add_button, self.remove_button]), self.message])

    def _cell(self, kind, value):
        widget = w.Text(value=str(value)) if kind == "text" else w.FloatText(value=float(value or 0))
        widget.layout = w.Layout(width="auto")
        widget.observe(lambda change: self._notify(), names="value")
        return widget

    def _make_row(self, row):
        return {key: self._cell(kind, row.get(key, "" if kind == "text" else 0)) for key, _, kind, _ in self.columns}

    def _redraw(self):
        self.grid.children = [*self.headings, *(cell for row in self.rows for cell in row.values())]

    def _notify(self):
        for callback in self.callbacks:
            callback()

    @property
    def value(self):
        return [{key: cell.value for key, cell in row.items()} for row in self.rows]

    @value.setter
    def value(self, rows):
        self.rows = [self._make_row(dict(row)) for row in rows]
        self._redraw()
        self._notify()

    def restore(self, raw):
        """Put back saved rows; a cell that does not fit gets its default and is marked (not the whole table)."""
        if not isinstance(raw, list):
            raise ValueError("not a list of rows")
        rows, problems, bad = [], [], set()
        for number, row in enumerate(raw, start=1):
            if not isinstance(row, dict):
                problems.append(f"row {number} ({escape(repr(row)[:40])}) was not a row and is left out")
                continue
            kept = {}
            for key, heading, kind, _ in self.columns:
                if key not in row:
                    continue
                try:
                    kept[key] = _number(row[key]) if kind == "number" else _text(row[key])
                except ValueError:
                    bad.add((len(rows), key))
                    problems.append(f"row {len(rows) + 1}, {escape(heading)}: "
                                    f"{escape(repr(row[key])[:40])} could not be read, the default is shown")
            rows.append(kept)
        if raw and not rows:
            raise ValueError("no row could be read")
        self.value = rows
        if problems:
            self.note, self.note_cells = "Some saved cells could not be read: " + "; ".join(problems[:5]) + ".", bad
        return problems

    def add_row(self, row=None):
        self.rows.append(self._make_row(row or {}))
        self._redraw()
        self._notify()

    def remove_row(self):
        if self.rows:
            self.rows.pop()
            self._redraw()
            self._notify()

    def set_cell(self, row, key, value):
        """Change one cell, as a trainee typing in it would."""
        self.rows[row][key].value = value

    def on_change(self, callback):
        self.callbacks.append(callback)

    def check(self, rows):
        for number, row in enumerate(rows, start=1):
            for key, heading, kind, _ in self.columns:
                if kind != "number":
                    continue
                name = row.get(self.columns[0][0]) or f"row {number}"
                if not math.isfinite(row[key]):
                    raise at_cell(CPInputError(f"{heading} of {name!s} is not a number.", fix="Enter a number."),
                                  self.key, number - 1, key)
                if self.minimum is not None and row[key] < self.minimum:
                    raise at_cell(CPInputError(f"{heading} of {name!s} is {row[key]:g}; "
                                               f"it cannot be below {self.minimum:g}."), self.key, number - 1, key)
        return rows

    def show(self, problem, cell=None):
        """Show a refusal under the table and mark ``cell`` = (row index, column key), if given."""
        for number, row in enumerate(self.rows):
            for key, widget in row.items():
                wrong = (problem and cell == (number, key)) or (self.note and (number, key) in self.note_cells)
                widget.layout.border = MARKED if wrong else ""
        parts = []
        if problem:
            where = ""
            if cell is not None and cell[0] < len(self.rows):
                heading = dict((c[0], c[1]) for c in self.columns).get(cell[1], cell[1])
                where = f"(row {cell[0] + 1}, {escape(str(heading))}) "
            parts.append(f"<span style='{ERROR_STYLE}'>&#9888; {where}{problem}</span>")
        if self.note:
            parts.append(f"<span style='{ERROR_STYLE}'>&#9888; {self.note}</span>")
        self.message.value = " ".join(parts)

    def marked(self):
        """The cells marked as wrong, as (row index, column key)."""
        return [(number, key) for number, row in enumerate(self.rows) for key, widget in row.items()
                if widget.layout.border == MARKED]


def _text(raw):
    if not isinstance(raw, str):
        raise ValueError("not text")
    return raw


def at_field(problem, key):
    """Mark a refusal as being about the tool's field ``key``: the frame shows it there."""
    problem.form_field = key
    return problem


def at_cell(problem, key, row, column):
    """Mark a refusal as being about one cell of the table field ``key``: the frame marks that cell."""
    problem.form_field = key
    problem.form_cell = (row, column)
    return problem


class Tool:
    """A form over a calculation. Subclasses define ``name``, ``fields()``,
    ``calculate(values)`` and ``render(result)``; a tool about one plant also
    ``owner()``, the plant's name, which its save file carries.
    """

    name = "tool"
    title = ""

    def __init__(self, save_as=None, **values):
        self.session = "" if save_as else session_name()
        self.file = Path(save_as) if save_as else default_file(self.name, self.owner(), self.session)
        self.fields = {field.key: field for field in self.fields()}
        self.result = None
        self.unsaved = ""
        self.notices = []
        self.status = w.HTML()
        self.results = w.HTML()
        self.chart = w.Output()
        self.notice = w.HTML()
        self.dismiss = w.Button(description="Understood", icon="check", layout=w.Layout(display="none"))
        self.dismiss.on_click(lambda _: self.dismiss_notices())
        self._seen = None  # the bytes of the save file as this tool last read or wrote it (None: no file)
        self.saved_label = w.HTML()
        stored, problems = self._stored()
        for key, value in values.items():
            if key in self.fields:
                self.fields[key].value = value
        for key, value in stored.items():
            try:
                problems += [f"{self.fields[key].label}: {p}" for p in self.fields[key].restore(value)]
            except (TypeError, ValueError, TraitError):
                self.fields[key].note = (f"The saved value {escape(repr(value)[:60])} did not fit; "
                                         "the default is shown.")
                problems.append(f"{escape(self.fields[key].label)}: {escape(repr(value)[:60])} did not fit")
        if problems:
            self._damaged(problems)
        self._show_file()
        for field in self.fields.values():
            field.on_change(self._changed)
        self.update()

    # -- subclasses ------------------------------------------------------------
    def owner(self):
        """Whose values these are (a plant's name), or "" for a tool about no plant."""
        return ""

    def fields(self):
        raise NotImplementedError

    def calculate(self, values):
        raise NotImplementedError

    def render(self, result):
        """Return (HTML of the figures, a figure to chart or None)."""
        raise NotImplementedError

    # -- state ---------------------------------------------------------------
    @property
    def values(self):
        return {key: field.value for key, field in self.fields.items()}

    def _spare(self):
        folder = hashlib.sha256(str(self.file.resolve().parent).encode()).hexdigest()[:8]
        return spare_folder() / f"{self.file.stem.removesuffix('.cpkit')}-{folder}.cpkit.json"

    def _read(self, path):
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            return b""

    def _stored(self):
        """The saved values to start from, and the problems found in them (reported, with a backup)."""
        data = self._read(self.file)
        self._seen = data
        spare = self._spare()
        if spare.exists() and (data is None or _mtime(spare) > _mtime(self.file)):
            spare_data = self._read(spare)
            try:
                payload = json.loads(spare_data)
                if self._belongs(payload):
                    self._tell(f"Your last values could not be saved in {escape(self.file.name)}, so they "
                               f"were saved in {escape(str(spare))}; they are shown. Copy that file beside "
                               "the notebook (or set CPKIT_WORK_DIR to a folder you can write to) to keep them.")
                    return dict(payload["values"]), []
            except (ValueError, TypeError, KeyError):
                pass
        if data is None:
            return {}, []
        try:
            payload = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {}, ["it is not a readable save file"]
        if not isinstance(payload, dict):
            return {}, [f"it holds {type(payload).__name__ if payload is not None else 'null'} instead of the "
                        "tool's values"]
        if not isinstance(payload.get("values"), dict) or not isinstance(payload.get("tool"), str):
            return {}, ["its values are missing or not a table of values"]
        if not self._belongs(payload):
            self._divert(f"{escape(self.file.name)} holds the values of another tool or plant "
                         f"({escape(str(payload.get('tool')))}"
                         f"{', ' + escape(str(payload.get('owner'))) if payload.get('owner') else ''}); "
                         "it is left as it is.")
            return {}, []
        values = payload["values"]
        unknown = [key for key in values if key not in self.fields]
        problems = [f"{escape(key)} is not a field of this tool" for key in unknown[:3]]
        return {k: v for k, v in values.items() if k in self.fields}, problems

    def _belongs(self, payload):
        return payload.get("tool") == self.name and (payload.get("owner") or "") == self.owner()

    def _damaged(self, problems):
        """Keep a copy of a save file that could not be fully read, and say so until the trainee acts."""
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.file.with_name(f"{self.file.stem.removesuffix('.cpkit')}.damaged-{stamp}.cpkit.json")
        what = "; ".join(problems[:5])
        try:
            shutil.copyfile(self.file, backup)
        except OSError as error:
            self._divert(f"The save file {escape(self.file.name)} could not be fully read ({what}), and no "
                         f"copy of it could be kept ({escape(error.strerror or str(error))}); it is left "
                         "as it is.")
            return
        self._tell(f"The save file {escape(self.file.name)} could not be fully read ({what}). It is kept, "
                   f"as it was, in <b>{escape(backup.name)}</b>; what could not be read starts from the "
                   "default. Check the values before going on.")

    def _divert(self, why):
        """Save this tool's values in a file of their own, never over ``self.file``."""
        stem = self.file.stem.removesuffix(".cpkit")
        number = 2
        while self.file.with_name(f"{stem}-{number}.cpkit.json").exists():
            number += 1
        self.file, self._seen = self.file.with_name(f"{stem}-{number}.cpkit.json"), None
        self._show_file()
        self._tell(f"{why} Your values here are saved in <b>{escape(self.file.name)}</b> instead.")

    def _tell(self, notice):
        """A notice that stays until the trainee presses "Understood" (``notice`` is safe HTML)."""
        self.notices.append(notice)
        self.notice.value = "".join(f"<div style='{NOTICE_STYLE}'>&#9888; {n}</div>" for n in self.notices)
        self.dismiss.layout.display = ""

    def dismiss_notices(self):
        """The trainee has read the notices: hide them, and the notes they left at fields."""
        self.notices = []
        self.notice.value = ""
        self.dismiss.layout.display = "none"
        for field in self.fields.values():
            field.note = ""
        self.update()

    def _payload(self):
        return {"tool": self.name, "owner": self.owner(), "version": SAVE_VERSION,
                "saved": datetime.datetime.now().isoformat(timespec="seconds"), "values": self.values}

    def save(self):
        """Save the values: to a temporary file, renamed over the save file only when complete."""
        text = json.dumps(self._payload(), indent=2, ensure_ascii=False)
        if self._read(self.file) != self._seen:  # written by someone else since this tool read or wrote it
            self._divert(f"{escape(self.file.name)} was changed by another copy of this tool since this "
                         "one opened; it is left as it is.")
        try:
            _write_whole(self.file, text)
            self._seen = text.encode("utf-8")
            self.unsaved = ""
            return True
        except OSError as problem:
            reason = escape(problem.strerror or str(problem))
        try:
            spare = self._spare()
            spare.parent.mkdir(parents=True, exist_ok=True)
            _write_whole(spare, text)
            self.unsaved = (f"Your values could not be saved in {escape(str(self.file))} ({reason}); they "
                            f"are saved in {escape(str(spare))} and still here in the tool. Open the tool in "
                            "a folder you can write to, or set CPKIT_WORK_DIR to one")
        except OSError:
            self.unsaved = (f"Your values could not be saved in {escape(str(self.file))} ({reason}); "
                            "they are still here in the tool, and the last complete save is untouched. Open the "
                            "tool in a folder you can write to, or set CPKIT_WORK_DIR to one")
        return False

    def reset(self, **values):
        """Forget the saved values and start again from ``values``."""
        if self.file.exists():
            self.file.unlink()
        self._seen = None
        for key, value in values.items():
            self.fields[key].value = value

    # -- the cycle -------------------------------------------------------------
    def _changed(self):
        self.save()  # what was typed, valid or not: nothing typed is lost
        self.update()
        if self.unsaved:
            self.status.value += f"<div style='{ERROR_STYLE}'>&#9888; {self.unsaved}.</div>"

    def update(self):
        """Check every field, recalculate, show; keep the last valid result on error."""
        checked, problems = {}, 0
        for key, field in self.fields.items():
            try:
                checked[key] = field.check(field.value)
                field.show("")
            except CPInputError as problem:
                field.show(as_text(problem), cell=getattr(problem, "form_cell", None))
                problems += 1
        if problems:
            self._keep_last("Correct the marked field")
            return False
        try:
            result = self.calculate(checked)
            shown, figure = self.render(result)
        except CPInputError as problem:
            key = getattr(problem, "form_field", None) or getattr(problem, "field", None)
            field = self.fields.get(key) if isinstance(key, str) else None
            if field is not None:  # the calculation knows which field is wrong: say it there
                field.show(as_text(problem), cell=getattr(problem, "form_cell", None))
            self._keep_last(as_text(problem) if field is None else "Correct the marked field")
            return False
        except Exception as problem:  # a fault of cpkit, not of the trainee: say so, keep the last result
            self._keep_last(f"Something unexpected went wrong in the calculation ({type(problem).__name__}: "
                            f"{escape(str(problem))}). Your values are saved in "
                            f"{escape(self.file.name)}; undo the last change, and please report this to "
                            "your trainer with that file")
            return False
        self.result = result
        self.results.value = shown
        self.status.value = ""
        self.chart.outputs = () if figure is None else (figure_output(figure),)
        return True

    def _keep_last(self, message):
        shown = " The last valid result is shown below." if self.result is not None else ""
        self.status.value = f"<span style='{ERROR_STYLE}'>&#9888; {message}.{shown}</span>".replace("..", ".")

    # -- display ---------------------------------------------------------------
    def arrangement(self):
        """The parts in display order: inputs first, then the results."""
        return [*[f.box for f in self.fields.values()], self.status, self.results, self.chart]

    def _show_file(self):
        whose = (f" (for {escape(self.session)}; open the app as <code>?trainee=your-name</code> to find "
                 "them again later)" if self.session else "")
        self.saved_label.value = (f"<small>Your values are saved in <code>{escape(self.file.name)}</code>"
                                  f"{whose}.</small>")

    @property
    def view(self):
        header = w.HTML(f"<h3>{escape(self.title)}</h3>") if self.title else w.HTML()
        return w.VBox([header, self.notice, self.dismiss, *self.arrangement(), self.saved_label])

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)


def _mtime(path):
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write_whole(path, text):
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def figure_output(figure):
    """A display output for a plotly or matplotlib figure, placed in the tool's chart area.

    Figures are turned into data here: a plotly figure would otherwise show
    itself in the cell's output instead of in the chart, and would not redraw
    in place.
    """
    if hasattr(figure, "to_json"):  # plotly
        data = {"application/vnd.plotly.v1+json": json.loads(figure.to_json()), "text/plain": "Chart"}
    elif hasattr(figure, "savefig"):  # matplotlib
        import base64
        import io

        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight", dpi=96)
        data = {"image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": "Chart"}
        import matplotlib.pyplot as plt

        plt.close(figure)  # not shown a second time at the end of the cell
    else:
        raise TypeError(f"cannot show a {type(figure).__name__} as a chart")
    return {"output_type": "display_data", "data": data, "metadata": {}}


def table_html(rows, caption=""):
    """A small HTML table from (label, value) pairs, shown as text (escaped)."""
    cells = "".join(f"<tr><td style='padding-right:2em'>{escape(str(label))}</td>"
                    f"<td><b>{escape(str(value))}</b></td></tr>"
                    for label, value in rows)
    caption = f"<caption style='text-align:left'>{escape(caption)}</caption>" if caption else ""
    return f"<table>{caption}{cells}</table>"
