"""Reports generated from a plant's data: headings, text, tables, charts and
blank sections the audit team completes in words.

A :class:`Report` is built section by section in a notebook and written as
one self-contained HTML file: styles, tables, charts (plotly with its
JavaScript inlined, matplotlib as SVG) all sit in the file, so it opens
offline in any browser and prints to PDF from the browser's Print dialog
(each table and chart kept on one page, blank sections printed as framed
boxes). Text typed into a blank section in the browser is printed with it.

Index:

- :class:`Report`: ``heading``, ``text``, ``table``, ``figure``, ``blank``,
  ``to_html``; shows itself in a notebook.
- :func:`gantt`: a Gantt chart of a work plan drawn from a table of tasks.

>>> import pandas as pd
>>> report = Report("Pre-assessment report", "Song Da Dyeing & Finishing")
>>> report.heading("1. The plant")
>>> report.text("A knit dyeing and finishing mill.")
>>> report.table(pd.DataFrame({"Stream": ["Water"], "Flow (m³/month)": [39800.0]}), caption="Water use")
>>> report.blank("What does the team want to find out next?", lines=4)
>>> html = report.to_html()
>>> "39,800" in html and "What does the team want to find out next?" in html
True
>>> report
<Report 'Pre-assessment report' for Song Da Dyeing & Finishing: 4 sections, 1 to complete>
"""

from __future__ import annotations

import base64
import datetime as _dt
import html as _html
import io
import math
import numbers
from dataclasses import dataclass
from pathlib import Path

from cpkit.errors import CPInputError

__all__ = ["Report", "gantt"]

_STYLE = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #111; max-width: 52em; margin: 2em auto; padding: 0 1em; }
header.report { border-bottom: 2px solid #1f4e79; margin-bottom: 1.5em; }
header.report h1 { color: #1f4e79; margin-bottom: 0.2em; }
header.report p { margin: 0.2em 0; color: #333; }
h2 { color: #1f4e79; border-bottom: 1px solid #ccd; padding-bottom: 0.1em; margin-top: 1.6em; }
h3 { color: #1f4e79; margin-top: 1.2em; }
table.data { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 9.5pt; }
table.data th, table.data td { border: 1px solid #aab; padding: 0.2em 0.5em; }
table.data th { background: #e8eef6; text-align: left; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.5em 0 1em 0; }
figcaption, caption { font-size: 9.5pt; color: #333; font-style: italic; text-align: left; padding: 0.2em 0; }
.blank { border: 1.5px dashed #1f4e79; border-radius: 4px; padding: 0.5em 0.8em; margin: 0.6em 0 1.2em 0; }
.blank .prompt { font-weight: bold; color: #1f4e79; margin: 0 0 0.3em 0; }
.blank .prompt::before { content: "To complete: "; }
.blank .answer { min-height: calc(var(--lines) * 1.6em); outline: none;
                 background-image: repeating-linear-gradient(transparent, transparent 1.55em, #bbc 1.6em);
                 white-space: pre-wrap; }
footer.report { margin-top: 2em; border-top: 1px solid #ccd; font-size: 9pt; color: #555; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table.data, figure, .blank { break-inside: avoid; page-break-inside: avoid; }
  .blank .answer { background-image: repeating-linear-gradient(transparent, transparent 1.55em, #999 1.6em); }
}
@page { size: A4; margin: 18mm 16mm; }
"""


@dataclass
class _Section:
    kind: str
    html: str
    text: str = ""


def _escape(text):
    return _html.escape(str(text), quote=True)


def _paragraphs(text):
    """Plain text to HTML: blank lines split paragraphs; lines starting with '- ' make a list."""
    blocks = [block.strip("\n") for block in str(text).strip().split("\n\n") if block.strip()]
    out = []
    for block in blocks:
        lines = block.splitlines()
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{_escape(line.lstrip()[2:])}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{_escape(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(out)


def format_number(value):
    """A number as a table shows it: thousands separated, about four significant digits,
    no trailing zeros.

    >>> [format_number(x) for x in (39800.0, 134.12, 0.81234, 12, -3.5e-5)]
    ['39,800', '134.1', '0.8123', '12', '-3.5e-05']
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    x = float(value)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) < 1e-3:
        return f"{x:.2g}"
    decimals = max(0, 3 - int(math.floor(math.log10(abs(x)))))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(value):
    """One table cell: (html, is_number)."""
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return f"{format_number(value.magnitude)} {_escape(f'{value.units:~P}')}", True
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return format_number(value), True
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "", False
    try:
        import pandas as pd

        if pd.isna(value):
            return "", False
    except (TypeError, ValueError):
        pass
    return _escape(value), False


def _table_html(frame, caption, index):
    import pandas as pd

    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if not isinstance(frame, pd.DataFrame):
        raise CPInputError(
            f"A report table needs a pandas DataFrame, not {type(frame).__name__}.",
            fix="Pass a table, e.g. report.table(result.table) or pd.DataFrame(rows).",
        )
    if index:
        frame = frame.reset_index()
    head = "".join(f"<th>{_escape(column)}</th>" for column in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for value in values:
            text, is_number = _cell(value)
            cells.append(f'<td class="num">{text}</td>' if is_number else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption_html = f"<caption>{_escape(caption)}</caption>" if caption else ""
    return (f'<table class="data">{caption_html}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _is_plotly(figure):
    return type(figure).__module__.startswith("plotly") and hasattr(figure, "to_html")


def _is_matplotlib(figure):
    return hasattr(figure, "savefig")


def _caption(caption):
    if caption is not None and not isinstance(caption, str):
        raise CPInputError(f"A caption must be a text, not {type(caption).__name__}.",
                           fix="Write it like caption='Per t of fabric'.", field="caption")
    return caption


def _figure_html(figure, caption, count):
    caption = _caption(caption)
    if _is_plotly(figure):
        body = figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"figure-{count}",
                              config={"displaylogo": False, "responsive": True},
                              default_width="100%", default_height="420px")
    elif _is_matplotlib(figure):
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight")
        svg = buffer.getvalue()
        body = svg[svg.index("<svg"):]
    elif isinstance(figure, (bytes, bytearray)) and bytes(figure[:8]) == b"\x89PNG\r\n\x1a\n":
        body = f'<img alt="{_escape(caption or "figure")}" src="data:image/png;base64,' \
               f'{base64.b64encode(bytes(figure)).decode()}" style="max-width:100%">'
    else:
        raise CPInputError(
            f"A report figure must be a plotly or matplotlib figure (or PNG bytes), not {type(figure).__name__}.",
            fix="Pass the figure a cpkit function returns, e.g. report.figure(result.sankey()).", field="figure",
        )
    caption_html = f"<figcaption>{_escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{body}{caption_html}</figure>"


class Report:
    """A report of a plant, built section by section and written as self-contained HTML.

    Parameters
    ----------
    title : the report's title, e.g. ``"Pre-assessment report"``.
    plant_name : the plant it is about (e.g. ``plant.name``).
    outline : where the report's chapters come from (a published outline), printed under the title.
    date : the date printed on the report (default: today).
    """

    def __init__(self, title, plant_name, outline=None, date=None):
        if not str(title).strip():
            raise CPInputError("The report has no title.", fix='Give one, e.g. Report("Pre-assessment report", plant.name).')
        self.title = str(title)
        self.plant_name = str(plant_name)
        self.outline = outline
        self.date = date if date is not None else _dt.date.today().isoformat()
        self.sections: list[_Section] = []
        self._figures = 0

    def heading(self, text, level=2):
        """A chapter (level 2) or section (level 3) heading."""
        if level not in (2, 3, 4):
            raise CPInputError(f"Heading level {level} is not used in reports.",
                               fix="Use level=2 for a chapter, 3 for a section, 4 for a sub-section.")
        self.sections.append(_Section("heading", f"<h{level}>{_escape(text)}</h{level}>", str(text)))

    def text(self, text):
        """Paragraphs of plain text (blank lines split paragraphs; lines starting with '- ' make a list)."""
        self.sections.append(_Section("text", _paragraphs(text), str(text)))

    def table(self, frame, caption=None, index=False):
        """A pandas table; numbers are right-aligned with thousands separated, pint quantities show their unit."""
        if not isinstance(index, bool):
            raise CPInputError(f"index={index!r}: say True to show the table's index, False to leave it out.",
                               fix="Give index=True or index=False.", field="index")
        self.sections.append(_Section("table", _table_html(frame, _caption(caption), index), caption or ""))

    def figure(self, figure, caption=None):
        """A chart: a plotly figure (interactive on screen, printed as drawn), a matplotlib figure
        (embedded as SVG) or PNG bytes."""
        self._figures += 1
        self.sections.append(_Section("figure", _figure_html(figure, caption, self._figures), caption or ""))

    def blank(self, prompt, lines=6):
        """A section the audit team completes in words: the prompt, then a framed, ruled space.

        On screen the space can be typed into (the text is printed with the page); on paper it is
        written in by hand.
        """
        from cpkit.checks import whole

        lines = whole(lines, "The lines of a blank section", "6", field="lines", high=200)
        if lines < 1:
            raise CPInputError(f"A blank section of {lines} lines leaves no room to write.",
                               fix="Give lines=1 or more (6 is a paragraph).")
        body = (f'<div class="blank"><p class="prompt">{_escape(prompt)}</p>'
                f'<div class="answer" contenteditable="true" style="--lines:{lines}"></div></div>')
        self.sections.append(_Section("blank", body, str(prompt)))

    @property
    def blanks(self):
        """The prompts of the sections still to be completed in words."""
        return [section.text for section in self.sections if section.kind == "blank"]

    def _body(self):
        return "\n".join(section.html for section in self.sections)

    def to_html(self, path=None):
        """The report as one self-contained HTML page (returned; written to ``path`` if given).

        Charts made with plotly carry plotly's JavaScript inside the file (about 4.5 MB), so the
        report needs no network.
        """
        needs_plotly = any(section.kind == "figure" and "Plotly.newPlot" in section.html for section in self.sections)
        script = ""
        if needs_plotly:
            from plotly.offline import get_plotlyjs

            script = f'<script type="text/javascript">{get_plotlyjs()}</script>'
        outline = f"<p>Outline: {_escape(self.outline)}</p>" if self.outline else ""
        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_escape(self.title)}: {_escape(self.plant_name)}</title>
<style>{_STYLE}</style>
{script}
</head>
<body>
<header class="report">
<h1>{_escape(self.title)}</h1>
<p><strong>{_escape(self.plant_name)}</strong></p>
<p>Date: {_escape(self.date)}</p>
{outline}
</header>
<main>
{self._body()}
</main>
<footer class="report"><p>Tables and charts are generated by cpkit from the plant's data; the framed sections
are written by the audit team. Print to PDF from the browser (Print, then Save as PDF).</p></footer>
</body>
</html>
"""
        if path is not None:
            target = Path(path)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page, encoding="utf-8")
            except OSError as error:
                raise CPInputError(f"The report cannot be written to '{target}': {error.strerror}.",
                                   fix="Give a path in a folder you can write to, e.g. 'report.html'.") from error
        return page

    def _repr_html_(self):
        """In a notebook: an overview of the report; interactive charts are named, not drawn
        (they need plotly's library, which only the HTML file carries)."""
        parts = []
        for section in self.sections:
            if section.kind == "figure" and "Plotly.newPlot" in section.html:
                parts.append(f"<p><em>[Chart: {_escape(section.text or 'untitled')}, drawn in the HTML file]</em></p>")
            else:
                parts.append(section.html)
        return f"<h1>{_escape(self.title)}</h1><p><strong>{_escape(self.plant_name)}</strong></p>" + "\n".join(parts)

    def __repr__(self):
        return (f"<Report {self.title!r} for {self.plant_name}: {len(self.sections)} sections, "
                f"{len(self.blanks)} to complete>")


def gantt(tasks, title="Work plan"):
    """A Gantt chart (plotly) of a work plan: one bar per task from its start to its end date.

    ``tasks``: a table (pandas DataFrame, or a list of dicts) with the columns Task, Start and
    End (dates as YYYY-MM-DD) and optionally Owner (bars are coloured by owner). Tasks are drawn
    top to bottom in the order given.

    >>> fig = gantt([{"Task": "Meter the rinse drain", "Owner": "Maintenance",
    ...               "Start": "2025-03-03", "End": "2025-03-14"}])
    >>> fig.data[0].y[0], fig.layout.title.text
    ('Meter the rinse drain', 'Work plan')
    """
    import pandas as pd
    import plotly.express as px

    table = pd.DataFrame(tasks) if not isinstance(tasks, pd.DataFrame) else tasks.copy()
    missing = [c for c in ("Task", "Start", "End") if c not in table.columns]
    if missing:
        raise CPInputError(f"The work plan has no column {', '.join(repr(c) for c in missing)}.",
                           fix="Give each task a 'Task', a 'Start' and an 'End' date (and an 'Owner').")
    for column in ("Start", "End"):
        try:
            table[column] = pd.to_datetime(table[column], format="%Y-%m-%d")
        except (ValueError, TypeError):
            raise CPInputError(f"A date in the column '{column}' of the work plan cannot be read.",
                               fix="Write dates as YYYY-MM-DD, e.g. 2025-03-14.") from None
    late = table[table["End"] < table["Start"]]
    if len(late):
        raise CPInputError(f"Task '{late.iloc[0]['Task']}' ends before it starts.",
                           fix="Check its Start and End dates.")
    color = "Owner" if "Owner" in table.columns else None
    fig = px.timeline(table, x_start="Start", x_end="End", y="Task", color=color, title=title,
                      category_orders={"Task": list(table["Task"])})  # plotly draws the first at the top
    fig.update_yaxes(title=None)
    fig.update_layout(height=max(250, 40 * len(table) + 120), legend_title_text=color or "")
    return fig
