"""The process flow diagram shows the plant it is drawn from: every step a box, every stream an arrow."""

import pytest

from cpkit.cases import running_case
from cpkit.errors import CPInputError
from cpkit.flowdiagram import flow_diagram, rows, utilities
from cpkit.flowsheet import OUTSIDE, Plant


@pytest.fixture(scope="module")
def mill():
    return running_case()


@pytest.fixture(scope="module")
def diagram(mill):
    return flow_diagram(mill)


def texts(figure):
    return [t.get_text() for ax in figure.axes for t in ax.texts]


def test_every_step_of_the_plant_is_a_node_in_the_plants_order(mill, diagram):
    assert diagram.nodes == [s.name for s in mill.steps]
    assert set(diagram.positions) == set(diagram.nodes)


def test_every_stream_between_steps_is_an_edge_from_its_source_to_its_destination(mill, diagram):
    expected = [(s.name, s.source, s.destination) for s in mill.streams if OUTSIDE not in (s.source, s.destination)]
    assert diagram.edges == expected


def test_inputs_and_outputs_are_the_streams_that_cross_the_plant_boundary(mill, diagram):
    assert diagram.inputs == [(s.name, s.destination) for s in mill.streams if s.source == OUTSIDE]
    assert diagram.outputs == [(s.name, s.source) for s in mill.streams if s.destination == OUTSIDE]
    assert len(diagram.edges) + len(diagram.inputs) + len(diagram.outputs) == len(mill.streams)


def test_every_step_and_every_stream_label_is_written_on_the_drawing(mill, diagram):
    written = texts(diagram.figure)
    for step in mill.steps:
        assert any(step.name.split()[0] in t for t in written), step.name
    for stream in mill.streams:
        assert diagram.labels[stream.name] in written, stream.name


def test_a_label_gives_the_name_and_the_quantity_with_its_unit(diagram):
    # Water to dyeing: 12,700 m³/month in the running case's plant.yaml
    assert diagram.labels["Water to dyeing"] == "Water to dyeing\n12,700 m³/month"
    assert diagram.labels["Dyes"] == "Dyes\n3.6 t/month"


def test_an_unknown_stream_is_labelled_unknown_not_zero(diagram):
    assert diagram.labels["Treated effluent"] == "Treated effluent\n(unknown)"


def test_the_boiler_house_is_a_utility_in_the_top_row_and_condensate_returns_up_the_page(mill):
    assert utilities(mill) == ["Boiler house"]
    placed = rows(mill)
    # the process runs down the page: receipt, pretreatment, dyeing, rinsing, finishing, drying, treatment
    order = ["Fabric receipt", "Pretreatment", "Dyeing", "Rinsing and soaping", "Finishing",
             "Drying and stentering", "Wastewater treatment"]
    assert [placed[s] for s in order] == list(range(7))
    assert placed["Boiler house"] == 0


def test_a_loop_between_two_ordinary_steps_is_broken_at_the_stream_that_runs_back():
    plant = Plant("Loop", period="d")
    for s in ("A", "B", "C"):
        plant.add_step(s)
    plant.add_stream("a to b", "A", "B", "1 t/d")
    plant.add_stream("b to c", "B", "C", "1 t/d")
    plant.add_stream("recycle", "B", "A", "0.2 t/d")
    assert rows(plant) == {"A": 0, "B": 1, "C": 2}


def test_kinds_leave_out_the_streams_not_asked_for(mill):
    d = flow_diagram(mill, kinds=["water", "wastewater", "internal"])
    assert all(mill.stream(name).kind in ("water", "wastewater", "internal")
               for name, *_ in d.edges + d.inputs + d.outputs)
    assert ("Natural gas", "Boiler house") not in d.inputs


@pytest.mark.parametrize("labels, expected", [
    ("name", "Dyes"), ("quantity", "3.6 t/month"), ("none", ""),
])
def test_labels_can_show_the_name_the_quantity_or_nothing(mill, labels, expected):
    assert flow_diagram(mill, labels=labels).labels["Dyes"] == expected


def test_the_drawing_saves_for_print_as_pdf_svg_and_png(diagram, tmp_path):
    for ending in ("pdf", "svg", "png"):
        path = tmp_path / f"flow.{ending}"
        diagram.save(path)
        assert path.stat().st_size > 1000
    assert diagram._repr_svg_().lstrip().startswith("<?xml")
    assert diagram._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_requests_get_a_clear_message():
    with pytest.raises(CPInputError, match="needs a Plant"):
        flow_diagram("plant.yaml")
    with pytest.raises(CPInputError, match="has no steps"):
        flow_diagram(Plant("Empty"))
    with pytest.raises(CPInputError, match="Did you mean 'wastewater'"):
        flow_diagram(running_case(), kinds=["wastewatr"])
    with pytest.raises(CPInputError, match="Did you mean 'Boiler house'"):
        flow_diagram(running_case(), utility_steps=["Boiler hose"])


def test_the_text_form_of_a_diagram_counts_what_it_shows(diagram):
    assert repr(diagram) == ("<FlowDiagram of 'Song Da Dyeing & Finishing': 8 steps, "
                             f"{len(diagram.edges)} streams between steps, {len(diagram.inputs)} inputs, "
                             f"{len(diagram.outputs)} outputs>")
