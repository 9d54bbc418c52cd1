"""The frame every course widget is built on: fields in, results out, saved as you type.

A :class:`Tool` is a thin view over a cpkit calculation. Its subclass names
the fields, the calculation and how to show the result; the frame does the
rest:

- every change recalculates at once;
- a value that does not fit shows a message next to its field, and the last
  valid result stays visible;
- every change is saved to a small JSON file in the working folder, and the
  tool reloads it when it is opened again (after a kernel restart too), so
  nothing a trainee typed is lost, not even a value still to be corrected.

Tools work without a browser: set ``tool.fields["rate"].value`` and read
``tool.result``, as the tests do.
"""

import html
import json
import os
from pathlib import Path

import ipywidgets as w

from cpkit.errors import CPInputError

ERROR_STYLE = "color:#b00020;font-size:0.9em;"
SAVE_VERSION = 1


def work_folder():
    """Where tools save what trainees type: the working folder, or $CPKIT_WORK_DIR."""
    return Path(os.environ.get("CPKIT_WORK_DIR") or Path.cwd())


class Field:
    """One labelled input with its unit and an inline message."""

    width = "26em"

    def __init__(self, key, label, value, unit="", minimum=None, maximum=None, help=""):
        self.key, self.label, self.unit = key, label, unit
        self.minimum, self.maximum = minimum, maximum
        self.input = self._make_input(value)
        self.input.description = label
        self.input.style = {"description_width": "14em"}
        self.input.layout = w.Layout(width=self.width)
        self.input.description_allow_html = False
        self.message = w.HTML()
        self.unit_label = w.HTML(f"&nbsp;{unit}")
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

    def check(self, value):
        """The value if it fits, else raise CPInputError naming the field."""
        if self.minimum is not None and value < self.minimum:
            raise CPInputError(f"{self.label} must be at least {self.minimum:g} {self.unit}.".replace(" .", "."))
        if self.maximum is not None and value > self.maximum:
            raise CPInputError(f"{self.label} must be at most {self.maximum:g} {self.unit}.".replace(" .", "."))
        return value

    def show(self, problem):
        self.message.value = f"<span style='{ERROR_STYLE}'>&#9888; {problem}</span>" if problem else ""

    def on_change(self, callback):
        self.input.observe(lambda change: callback(), names="value")

    def set_unit(self, unit):
        """Show another unit next to the field (e.g. the currency chosen elsewhere)."""
        self.unit = unit
        self.unit_label.value = f"&nbsp;{unit}"


class IntField(Field):
    def _make_input(self, value):
        return w.IntText(value=int(value))

    def convert(self, raw):
        return int(raw)


class ChoiceField(Field):
    def __init__(self, key, label, value, options, **kwargs):
        self.options = list(options)
        super().__init__(key, label, value, **kwargs)

    width = "36em"

    def _make_input(self, value):
        return w.Dropdown(options=self.options, value=value)

    def convert(self, raw):
        return str(raw)

    def check(self, value):
        if value not in self.options:
            raise CPInputError(f"{self.label}: choose one of {', '.join(self.options)}.")
        return value


class TextField(Field):
    def _make_input(self, value):
        return w.Text(value=str(value))

    def convert(self, raw):
        return str(raw)

    def check(self, value):
        return value


class TableField(Field):
    """An editable table: one row per item (a stream, an option, a month).

    ``columns`` is a list of (key, heading, kind) or (key, heading, kind,
    width), kind "text" or "number". The value is a list of dicts, one per
    row.
    """

    WIDTHS = {"text": "11em", "number": "7em"}

    def __init__(self, key, label, rows, columns, minimum=None, **kwargs):
        self.columns = [tuple(c) if len(c) == 4 else (*c, self.WIDTHS[c[2]]) for c in columns]
        self.callbacks = []
        self.grid = w.GridBox(layout=w.Layout(
            grid_template_columns=" ".join(width for *_, width in self.columns), grid_gap="2px 4px"))
        self.headings = [w.HTML(f"<b>{heading}</b>") for _, heading, _, _ in self.columns]
        self.add_button = w.Button(description="Add a row", icon="plus")
        self.remove_button = w.Button(description="Remove last row", icon="minus")
        self.add_button.on_click(lambda _: self.add_row())
        self.remove_button.on_click(lambda _: self.remove_row())
        self.rows = []
        self.key, self.label, self.unit = key, label, ""
        self.minimum, self.maximum = minimum, None
        self.message = w.HTML()
        self.input = self.grid
        self.value = rows
        self.box = w.VBox([w.HTML(f"<b>{label}</b>"), self.grid,
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
        if self.minimum is not None:
            for number, row in enumerate(rows, start=1):
                for key, heading, kind, _ in self.columns:
                    if kind == "number" and row[key] < self.minimum:
                        name = row.get(self.columns[0][0], f"row {number}")
                        raise CPInputError(f"{heading} of {name!s} is {row[key]:g}; it cannot be below {self.minimum:g}.")
        return rows


class Tool:
    """A form over a calculation. Subclasses define ``name``, ``fields()``,
    ``calculate(values)`` and ``render(result)``.
    """

    name = "tool"
    title = ""

    def __init__(self, save_as=None, **values):
        self.file = Path(save_as) if save_as else work_folder() / f"{self.name}.cpkit.json"
        self.fields = {field.key: field for field in self.fields()}
        self.result = None
        self.unsaved = ""
        self.status = w.HTML()
        self.results = w.HTML()
        self.chart = w.Output()
        start = {**values, **self._stored()}
        for key, value in start.items():
            if key in self.fields:
                try:
                    self.fields[key].value = value
                except (TypeError, ValueError, w.TraitError):
                    self.fields[key].show(f"The saved value {value!r} did not fit; the default is shown.")
        for field in self.fields.values():
            field.on_change(self._changed)
        self.update()

    # -- subclasses ------------------------------------------------------------
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

    def _stored(self):
        if not self.file.exists():
            return {}
        try:
            saved = json.loads(self.file.read_text())
            return dict(saved.get("values", {})) if saved.get("tool") == self.name else {}
        except (OSError, ValueError):
            self.status.value = (f"<span style='{ERROR_STYLE}'>The saved file {self.file.name} could not be "
                                 "read; starting from the notebook's values.</span>")
            return {}

    def save(self):
        payload = {"tool": self.name, "version": SAVE_VERSION, "values": self.values}
        try:
            self.file.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
            self.unsaved = ""
        except OSError as problem:
            self.unsaved = (f"Your values could not be saved in {html.escape(str(self.file))} "
                            f"({html.escape(problem.strerror or str(problem))}). Open the tool in a folder you can "
                            "write to, or set CPKIT_WORK_DIR to one")

    def reset(self, **values):
        """Forget the saved values and start again from ``values``."""
        if self.file.exists():
            self.file.unlink()
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
                field.show(problem.problem)
                problems += 1
        if problems:
            self._keep_last("Correct the marked field")
            return False
        try:
            result = self.calculate(checked)
            shown, figure = self.render(result)
        except CPInputError as problem:
            field = self.fields.get(getattr(problem, "field", None))
            if field is not None:  # the calculation knows which field is wrong: say it there
                field.show(str(problem).replace("\n", "<br>"))
            self._keep_last(str(problem).replace("\n", "<br>") if field is None else "Correct the marked field")
            return False
        except Exception as problem:  # a fault of cpkit, not of the trainee: say so, keep the last result
            self._keep_last(f"Something unexpected went wrong in the calculation ({type(problem).__name__}: "
                            f"{html.escape(str(problem))}). Your values are saved in {self.file.name}; undo the last "
                            "change, and please report this to your trainer with that file")
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

    @property
    def view(self):
        header = w.HTML(f"<h3>{self.title}</h3>") if self.title else w.HTML()
        saved = w.HTML(f"<small>Your values are saved in <code>{self.file.name}</code>.</small>")
        return w.VBox([header, *self.arrangement(), saved])

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)


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
    """A small HTML table from (label, value) pairs; values are shown as given."""
    cells = "".join(f"<tr><td style='padding-right:2em'>{label}</td><td><b>{value}</b></td></tr>"
                    for label, value in rows)
    caption = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    return f"<table>{caption}{cells}</table>"
