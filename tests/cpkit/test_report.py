"""Tests of cpkit.report: reports built from a plant's tables and charts, written as
self-contained HTML that opens offline and prints to PDF."""

import re
import shutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import pytest  # noqa: E402

from cpkit import CPInputError  # noqa: E402
from cpkit.report import Report, format_number, gantt  # noqa: E402
from cpkit.units import Q_  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def small_report():
    report = Report("Pre-assessment report", "Song Da Dyeing & Finishing", outline="A published outline",
                    date="2025-01-15")
    report.heading("1. The plant")
    report.text("First paragraph.\n\nSecond paragraph with <b>markup</b> & an ampersand.")
    report.table(pd.DataFrame({"Stream": ["Water to rinsing", "Dyes"],
                               "Flow": [14800.0, Q_(3.6, "t/month")]}), caption="Inputs of the month")
    bar = go.Figure(go.Bar(x=["Water", "Steam"], y=[134.1, 2.2], name="per t"))
    report.figure(bar, caption="Specific use")
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], label="monthly water")
    ax.set_title("Matplotlib chart of the month")
    report.figure(fig, caption="A matplotlib chart")
    plt.close(fig)
    report.blank("Describe the main waste streams in words.", lines=5)
    return report


def test_the_html_holds_the_plants_tables_with_numbers_and_units():
    html = small_report().to_html()
    assert "Song Da Dyeing &amp; Finishing" in html
    assert "<caption>Inputs of the month</caption>" in html
    assert '<td class="num">14,800</td>' in html
    assert "3.6 t/month" in html
    assert "<td>Water to rinsing</td>" in html


def test_plotly_and_matplotlib_charts_are_inside_the_file_so_it_works_offline():
    html = small_report().to_html()
    assert "Plotly.newPlot" in html and '"figure-1"' in html
    assert "<svg" in html and "Matplotlib chart of the month" in html
    # no script or stylesheet fetched from the network
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    # plotly's own library is inlined once
    assert html.count("<script type=\"text/javascript\">") == 1


def test_a_report_without_plotly_charts_does_not_carry_plotlys_library():
    report = Report("Short", "Plant")
    report.table(pd.DataFrame({"a": [1]}))
    assert len(report.to_html()) < 20_000


def test_the_blank_sections_are_listed_and_framed_for_the_trainee_to_write_in():
    report = small_report()
    assert report.blanks == ["Describe the main waste streams in words."]
    html = report.to_html()
    assert '<div class="blank"><p class="prompt">Describe the main waste streams in words.</p>' in html
    assert 'contenteditable="true" style="--lines:5"' in html


def test_text_is_escaped_and_split_into_paragraphs():
    html = small_report().to_html()
    assert "<p>First paragraph.</p>" in html
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; an ampersand" in html
    report = Report("T", "P")
    report.text("- one\n- two")
    assert "<ul><li>one</li><li>two</li></ul>" in report.to_html()


def test_print_styles_keep_tables_charts_and_blanks_on_one_page():
    html = small_report().to_html()
    assert "@media print" in html
    assert "table.data, figure, .blank { break-inside: avoid" in html
    assert "@page { size: A4" in html


def test_to_html_writes_the_file_and_makes_its_folder(tmp_path):
    target = tmp_path / "reports" / "pre-assessment.html"
    html = small_report().to_html(target)
    assert target.read_text(encoding="utf-8") == html


def test_numbers_are_shown_with_thousands_and_about_four_significant_digits():
    assert format_number(38886.78) == "38,887"
    assert format_number(82.456) == "82.46"
    assert format_number(1.5) == "1.5"
    assert format_number(0.81234) == "0.8123"
    assert format_number(float("nan")) == ""
    assert format_number("text") == "text"


def test_a_table_that_is_not_a_dataframe_is_refused_with_a_fix():
    with pytest.raises(CPInputError, match="A report table needs a pandas DataFrame, not list"):
        Report("T", "P").table([1, 2, 3])


def test_a_figure_of_an_unknown_kind_is_refused():
    with pytest.raises(CPInputError, match="must be a plotly or matplotlib figure"):
        Report("T", "P").figure("chart.png")


def test_a_blank_section_needs_at_least_one_line():
    with pytest.raises(CPInputError, match="leaves no room to write"):
        Report("T", "P").blank("Why?", lines=0)


def test_a_folder_that_cannot_be_written_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CPInputError, match="cannot be written to"):
        Report("T", "P").to_html(blocker / "report.html")


@pytest.mark.slow
def test_the_report_prints_to_a_pdf_in_chromium_with_its_charts(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    small_report().to_html(path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("#figure-1 .main-svg")  # plotly drew its chart offline
        pdf = page.pdf(format="A4", print_background=True)
        text = page.inner_text("body")
        browser.close()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000
    assert "To complete" not in text or "Describe the main waste streams" in text


def test_a_gantt_chart_draws_each_task_from_its_start_to_its_end_in_the_order_given():
    tasks = pd.DataFrame({"Task": ["Meter the rinse drain", "Flue-gas analysis", "Report"],
                          "Owner": ["Maintenance", "Boiler house", "CP team"],
                          "Start": ["2025-03-03", "2025-03-10", "2025-03-24"],
                          "End": ["2025-03-14", "2025-03-12", "2025-03-28"]})
    fig = gantt(tasks)
    bars = {bar.y[0]: bar for bar in fig.data}
    assert list(bars) == ["Meter the rinse drain", "Flue-gas analysis", "Report"]
    # 3 to 14 March is 11 days: plotly's timeline stores the bar length in milliseconds
    assert bars["Meter the rinse drain"].x[0] == 11 * 24 * 3600 * 1000
    # categories are listed bottom to top: the table's first task is drawn at the top
    assert list(fig.layout.yaxis.categoryarray) == list(tasks["Task"])[::-1]


def test_a_gantt_chart_keeps_the_order_of_the_table_when_owners_repeat():
    from cpkit import cases

    plan = cases.work_plan()
    fig = gantt(plan)
    assert list(fig.layout.yaxis.categoryarray) == list(plan["Task"])[::-1]


def test_a_work_plan_task_that_ends_before_it_starts_is_refused():
    with pytest.raises(CPInputError, match="Task 'Report' ends before it starts"):
        gantt([{"Task": "Report", "Start": "2025-03-28", "End": "2025-03-24"}])
    with pytest.raises(CPInputError, match="cannot be read"):
        gantt([{"Task": "Report", "Start": "28/03/2025", "End": "2025-03-30"}])
    with pytest.raises(CPInputError, match="no column 'End'"):
        gantt([{"Task": "Report", "Start": "2025-03-28"}])


def running_case_report():
    from cpkit import balance, baseline, cases, sankey

    plant = cases.running_case()
    figures = baseline.control_figures(cases.baseline_measurements())
    report = Report("Pre-assessment report", plant.name, outline="UNEP (1996), Phases I and II", date="2025-03-28")
    report.heading("1. Planning and organisation")
    report.figure(gantt(cases.work_plan()), caption="Work plan")
    report.heading("2. Company description and flow chart")
    report.figure(sankey.sankey(balance.solve(plant)), caption="Material flows")
    report.table(figures.table(), caption="Control figures of 2024")
    report.blank("The focus of the CP assessment, and why.")
    return report


def test_a_report_of_the_running_case_holds_its_control_figures_work_plan_and_sankey():
    html = running_case_report().to_html()
    assert "Song Da Dyeing &amp; Finishing" in html
    # water 483,205 m3 / 3,602.3 t of fabric in 2024 = 134.14 m3/t, shown to four significant digits
    assert '<td>Water</td><td class="num">134.1</td><td>m³/t</td>' in html
    assert html.count("Plotly.newPlot") == 2
    assert "Meter the treated effluent (rented meter)" in html  # the first task of the work plan
    assert '"type":"sankey"' in html.replace(" ", "")


@pytest.mark.slow
def test_the_running_case_report_prints_to_a_pdf_of_several_pages(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    running_case_report().to_html(path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("#figure-2 .main-svg")
        pdf = page.pdf(format="A4", print_background=True)
        browser.close()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2


def test_in_a_notebook_the_report_names_its_interactive_charts_instead_of_leaving_them_blank():
    shown = small_report()._repr_html_()
    assert "[Chart: Specific use, drawn in the HTML file]" in shown
    assert "Plotly.newPlot" not in shown
    assert "<svg" in shown  # a matplotlib chart is drawn as it is
    assert "Describe the main waste streams in words." in shown
