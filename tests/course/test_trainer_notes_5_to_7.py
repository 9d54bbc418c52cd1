"""Modules 5 to 7: every discussion question has its model answer, every citation its source.

Each notebook's "## To discuss" section asks numbered questions; the
trainer's notes of the module (course/trainer-notes/module-N.md) answer
them under a heading that starts with the notebook's number, one numbered
answer per question. Citations of the bibliography in the notebooks, notes and data
READMEs of these modules must be keys of the course's bibliography, and no
seed file name may reach a trainee.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for n in (5, 6, 7) for p in (ROOT / "modules").glob(f"{n}-*/{n}.*.ipynb")
                   if "-bat-" not in p.name)
BIB = (ROOT / "shared_lib" / "cpkit" / "data" / "references.bib").read_text(encoding="utf-8")
KEYS = set(re.findall(r"@\w+\{([^,]+),", BIB))
TEXTS = [*NOTEBOOKS, *sorted((ROOT / "course" / "trainer-notes").glob("module-[567].md")),
         ROOT / "shared_lib" / "cpkit" / "data" / "case_studies-README.md",
         ROOT / "shared_lib" / "cpkit" / "data" / "brewery" / "README.md"]


def markdown(path):
    if path.suffix == ".ipynb":
        return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def numbered_items(text):
    return re.findall(r"^(\d+)\. ", text, flags=re.M)


def section(text, heading_start):
    match = re.search(rf"^## {re.escape(heading_start)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    return match.group(1) if match else None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_discussion_question_has_a_model_answer_in_the_trainers_notes(notebook):
    number = notebook.name.split("-")[0]                       # e.g. 5.2
    questions = numbered_items(section(markdown(notebook), "To discuss"))
    notes = (ROOT / "course" / "trainer-notes" / f"module-{number.split('.')[0]}.md").read_text(encoding="utf-8")
    answers = section(notes, f"{number} ")
    assert questions, f"{notebook.name} has no numbered discussion questions"
    assert answers is not None, f"no section '## {number} ...' in the notes"
    assert numbered_items(answers) == questions


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_citation_is_a_key_of_the_bibliography(path):
    cited = set(re.findall(r"\[@([\w-]+)\]", markdown(path)))
    assert cited <= KEYS, cited - KEYS


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_no_seed_file_name_reaches_a_trainee(path):
    assert not re.search(r"\d{3}_[0-9a-f]{16}", markdown(path))


def test_the_discussion_questions_are_not_answered_in_the_trainees_notebooks():
    for notebook in NOTEBOOKS:
        assert "model answer" not in markdown(notebook).lower()
