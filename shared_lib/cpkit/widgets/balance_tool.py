"""The balance tool: a plant's streams as a table, its balance and Sankey live."""

import re

import pandas as pd

from cpkit import balance as balances
from cpkit import reconcile as reconciliation
from cpkit import sankey as sankeys
from cpkit.errors import CPInputError, closest
from cpkit.flowsheet import Plant
from cpkit.units import Q_
from cpkit.widgets.form import ChoiceField, TableField, Tool, at_cell, at_field, escape

COLUMNS = [
    ("Stream", "Stream", "text", "14em"),
    ("From", "From", "text", "11em"),
    ("To", "To", "text", "11em"),
    ("Kind", "Kind", "text", "8em"),
    ("Quantity", "Quantity", "number", "7em"),
    ("Unit", "Unit", "text", "7em"),
    ("Status", "Status", "text", "7em"),
    ("Uncertainty", "Uncertainty", "text", "6em"),
    ("Density", "Density", "text", "6em"),
]
# Which column a refusal of cpkit.flowsheet is about, by a word in its message (first match wins).
COLUMN_OF_PROBLEM = [("uncertainty", "Uncertainty"), ("density", "Density"), ("kind of stream", "Kind"),
                     ("is not a status", "Status"), ("no stream name", "Stream"), ("already has a stream", "Stream"),
                     ("goes from", "To"), ("not a step", "From"), ("unit", "Unit"), ("negative flow", "Quantity"),
                     ("quantity", "Quantity"), ("mass, volume or energy", "Unit")]
MODES = ("Balance as measured", "Solve unknown streams", "Reconcile measurements")
HIGHLIGHT = "background-color:#fde0dc;"


def unit_problem(unit):
    """Why a unit cannot be read, with the closest known unit for a typo, or "" if it reads.

    >>> unit_problem("m3/monht")
    "Cannot read 'm3/monht' as a quantity: 'monht' is not a unit. Did you mean 'm3/month'?"
    >>> unit_problem("t/month")
    ''
    """
    try:
        Q_(1, unit)
        return ""
    except CPInputError as problem:
        return problem.problem


def _rows(plant):
    streams = plant.to_tables()[1]
    rows = []
    for record in streams.to_dict("records"):
        row = {key: record.get(key, "") for key, *_ in COLUMNS}
        row["Quantity"] = 0.0 if pd.isna(row["Quantity"]) or row["Quantity"] == "" else float(row["Quantity"])
        row = {k: ("" if not isinstance(v, float) and pd.isna(v) else v) for k, v in row.items()}
        rows.append(row)
    return rows


class BalanceTool(Tool):
    """Edit a plant's streams; see its balance per step, the gaps and the Sankey.

    A quantity of 0 with status "unknown" is a stream still to be found:
    choose "Solve unknown streams". "Reconcile measurements" adjusts the
    measured flows within their uncertainties so that every balance closes.
    """

    name = "balance"
    title = "Material balance"

    def __init__(self, plant, save_as=None, **values):
        self.plant = plant
        self.steps_table, self.streams_table = plant.to_tables()
        self.extra = self.streams_table.set_index("Stream")
        self.adjustments = None
        super().__init__(save_as=save_as, **values)

    def owner(self):
        return self.plant.name

    def fields(self):
        return [
            ChoiceField("mode", "Show", MODES[1], MODES),
            TableField("streams", f"Streams of {self.plant.name} (per {self.plant.period})",
                       _rows(self.plant), COLUMNS),
        ]

    def arrangement(self):
        """The balance and the Sankey above the long stream table, so an edit's effect is in view."""
        fields = self.fields
        return [fields["mode"].box, self.status, self.results, self.chart, fields["streams"].box]

    # -- the calculation -------------------------------------------------------
    def build(self, rows):
        """The plant the table describes (validated by cpkit.flowsheet)."""
        if not rows:
            raise CPInputError("The table has no streams.", fix="Add a row for each stream of the plant.")
        self._check_cells(rows)
        table = pd.DataFrame(rows)
        table.loc[table["Status"].str.strip().str.lower() == "unknown", "Quantity"] = None
        kept = [c for c in self.extra.columns if c not in table.columns]
        extra = self.extra[kept].reindex(table["Stream"]).reset_index(drop=True)
        streams = pd.concat([table, extra], axis=1)
        used = [n for n in pd.unique(pd.concat([table["From"], table["To"]])) if n and n != "outside"]
        known = self.steps_table.set_index(self.steps_table.columns[0])
        self._check_step_names(used, list(known.index))
        steps = pd.DataFrame({self.steps_table.columns[0]: used})
        for column in self.steps_table.columns[1:]:
            steps[column] = [known[column].get(name, "") if name in known.index else "" for name in used]
        return Plant.from_tables(steps, streams, name=self.plant.name, period=self.plant.period,
                                 description=self.plant.description)

    @staticmethod
    def _check_cells(rows):
        """What the table alone can tell: flows that cannot be, units that cannot be read. Marks the cell."""
        for index, row in enumerate(rows):
            name = row["Stream"].strip() or f"row {index + 1}"
            unknown = row["Status"].strip().lower() == "unknown"
            if not unknown and row["Quantity"] < 0:
                raise at_cell(CPInputError(
                    f"Stream '{name}' has a negative flow ({row['Quantity']:g} {row['Unit']}).",
                    fix="Enter flows as positive numbers; the direction of a stream is set by its source and "
                        "destination."), "streams", index, "Quantity")
            unit = str(row["Unit"]).strip()
            if unit:
                problem = unit_problem(unit)
                if problem:
                    raise at_cell(CPInputError(f"Stream '{name}': {problem}",
                                               fix="Write the unit like 't/month', 'm3/month' or 'kWh/month'."),
                                  "streams", index, "Unit")

    def _locate(self, problem, rows):
        """The cell a refusal of cpkit.flowsheet is about, from the stream or row and the words it names."""
        text = problem.problem
        names = [row["Stream"].strip() for row in rows]
        index = None
        numbered = re.match(r"Row (\d+) of the streams", text)
        repeated = re.search(r"already has a stream '(.+?)'", text)
        named = re.search(r"Stream '(.+?)'", text)
        if numbered:
            index = int(numbered.group(1)) - 1
        elif repeated and names.count(repeated.group(1)) > 1:
            index = len(names) - 1 - names[::-1].index(repeated.group(1))
        elif named and named.group(1) in names:
            index = names.index(named.group(1))
        if index is None or not 0 <= index < len(rows):
            return problem
        lower = text.lower()
        column = next((c for word, c in COLUMN_OF_PROBLEM if word in lower), "Stream")
        step = re.search(r"'(.+?)' is not a step", text)
        if step and rows[index]["To"].strip() == step.group(1):
            column = "To"
        return at_cell(problem, "streams", index, column)

    @staticmethod
    def _check_step_names(used, known):
        """A name close to, but not the same as, a known step is taken for a typo."""
        for name in used:
            if name in known:
                continue
            close = closest(name, [*known, "outside"], cutoff=0.8)
            if close:
                raise CPInputError(
                    f"'{name}' is not a step of the plant. Did you mean '{close}'?",
                    fix=f"Correct the name, or give a new step a name clearly different from '{close}'.",
                )

    def calculate(self, v):
        try:
            plant = self.build(v["streams"])
            adjustments = None
            if v["mode"] == MODES[1]:
                plant = balances.solve(plant)
            elif v["mode"] == MODES[2]:
                result = reconciliation.reconcile(plant)
                plant, adjustments = result.plant, (result.table, result.summary())
        except CPInputError as problem:
            if getattr(problem, "form_field", None) is None:
                at_field(self._locate(problem, v["streams"]), "streams")
            raise
        return {"plant": plant, "balance": balances.balance(plant), "adjustments": adjustments}

    def render(self, r):
        table = r["balance"]
        # "Closes" is unknown (NA) for a step with a stream still to be found: neither closing nor not.
        closes = [None if pd.isna(c) else bool(c) for c in table["Closes"]]
        by_label = dict(zip(table.index, closes))
        styled = (table.style.apply(lambda row: [HIGHLIGHT if by_label[row.name] is False else ""] * len(row),
                                    axis=1)
                  .format(precision=1, escape="html", na_rep="?").hide(axis="index"))
        html = "<h4>Balance per step</h4>" + styled.to_html()
        open_steps = [step for step, c in zip(table["Step"], closes) if c is False]
        unknown = [step for step, c in zip(table["Step"], closes) if c is None]
        html += (f"<p><b>Not closing:</b> {escape(', '.join(open_steps))}</p>" if open_steps
                 else "<p><b>Every step closes.</b></p>" if not unknown else "")
        if unknown:
            html += (f"<p><b>Cannot tell yet</b> (a stream is still unknown): {escape(', '.join(unknown))}. "
                     "Choose <i>Solve unknown streams</i> to find it.</p>")
        if r["adjustments"] is not None:
            adjustments, summary = r["adjustments"]
            html += f"<h4>Reconciliation</h4><p>{escape(summary)}</p>" + adjustments.to_html(index=False, float_format="%.1f")
        figure = sankeys.sankey(r["plant"])
        figure.update_layout(height=560)
        return html, figure
