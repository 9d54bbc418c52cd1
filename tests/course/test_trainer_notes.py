"""Every "To discuss" question has model answers in the trainer's notes.

Each notebook of the course (course/course.yml) ends its teaching with a
"## To discuss" section of numbered questions. The trainer's notes
(course/trainer-notes/, for trainers only) answer them under a heading that
starts with the notebook's number ("## 2.3 ..."), one numbered answer per
question, in the same order. The answers stay out of the trainees'
notebooks.
"""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "course" / "course.yml").read_text(encoding="utf-8"))
NOTEBOOKS = [n["path"] for m in MANIFEST["modules"] for n in m.get("notebooks") or []]
NOTES = ROOT / "course" / "trainer-notes"


def markdown(path):
    cells = nbformat.read(ROOT / path, as_version=4).cells
    return "\n\n".join(c.source for c in cells if c.cell_type == "markdown")


def section(text, heading_start):
    """The text under the first '## ' heading that starts with heading_start."""
    match = re.search(rf"^## {re.escape(heading_start)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    return match.group(1) if match else None


def numbered_items(text):
    return re.findall(r"^\*{0,2}(\d+)\. ", text, flags=re.M)


def notes_for(number):
    """The section '## <number> ...' of whichever notes file has it."""
    for path in sorted(NOTES.glob("*.md")):
        found = section(path.read_text(encoding="utf-8"), f"{number} ")
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: Path(p).stem)
def test_every_discussion_question_has_its_model_answer_in_the_trainers_notes(notebook):
    number = Path(notebook).name.split("-")[0]
    discussion = section(markdown(notebook), "To discuss")
    assert discussion is not None, f"{notebook} has no '## To discuss' section"
    questions = numbered_items(discussion)
    assert questions, f"{notebook}: number the discussion questions 1., 2., ..."
    answers = notes_for(number)
    assert answers is not None, f"course/trainer-notes/ has no section '## {number} ...' for {notebook}"
    assert numbered_items(answers) == questions, f"{number}: one numbered answer per question, in order"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: Path(p).stem)
def test_model_answers_stay_out_of_the_trainees_notebooks(notebook):
    headings = re.findall(r"^#+ .*$", markdown(notebook), flags=re.M)
    assert not [h for h in headings if "model answer" in h.lower() or "answers" in h.lower()]
