"""Sources a reader can follow.

Documents are cited by their titles, with a key of the one bibliography
(shared_lib/cpkit/data/references.bib), the key after an at-sign in square
brackets; a file name that
means nothing to a reader (the course's source documents were kept as
hash-named text files) appears nowhere. Each data folder of cpkit has a
README of its sources, and no data file points outside the repository.
"""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "shared_lib" / "cpkit" / "data"
BIBLIOGRAPHY = DATA / "references.bib"
CITATION = re.compile(r"\[@([A-Za-z0-9_:.-]+)\]")
HASH_NAMED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}(\.txt)?\b")
TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".csv", ".yaml", ".yml", ".bib", ".toml", ".txt", ".cfg", ".ini", ""}


def tracked_text_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in listed.splitlines():
        path = ROOT / name
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            yield path


def bibliography_keys():
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIBLIOGRAPHY.read_text(encoding="utf-8"), flags=re.M))


def test_the_bibliography_has_a_title_for_every_entry_and_no_key_twice():
    text = BIBLIOGRAPHY.read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M)
    assert len(keys) == len(set(keys))
    entries = re.split(r"^@", text, flags=re.M)[1:]
    assert all(re.search(r"^\s*title\s*=", entry, flags=re.M) for entry in entries)


def test_every_citation_names_an_entry_of_the_bibliography():
    keys = bibliography_keys()
    unknown = {}
    for path in tracked_text_files():
        for key in CITATION.findall(path.read_text(encoding="utf-8", errors="replace")):
            if key not in keys:
                unknown.setdefault(key, []).append(path.relative_to(ROOT).as_posix())
    assert not unknown, f"cited but not in references.bib: {unknown}"


def test_no_file_names_a_source_document_by_its_file_name():
    found = [path.relative_to(ROOT).as_posix() for path in tracked_text_files()
             if HASH_NAMED_FILE.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert not found, f"cite these documents by title, not by file name: {found}"


@pytest.mark.parametrize("folder", [DATA, *sorted(p for p in DATA.rglob("*") if p.is_dir())],
                         ids=lambda p: p.relative_to(DATA).as_posix() or "data")
def test_every_data_folder_has_a_readme_of_its_sources_and_licence(folder):
    readme = folder / "README.md"
    assert readme.is_file(), f"{folder.relative_to(ROOT)} needs a README.md of its sources"
    text = readme.read_text(encoding="utf-8")
    assert "CC BY 4.0" in text or "CC BY 4.0" in (DATA / "README.md").read_text(encoding="utf-8")
    for data_file in folder.iterdir():
        if data_file.is_file() and data_file.name != "README.md":
            assert data_file.name in text, f"{readme.relative_to(ROOT)} does not say where {data_file.name} comes from"


def test_no_data_file_points_outside_the_repository():
    for path in DATA.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "/work/" not in text and "../shared" not in text, path


def test_the_package_says_its_data_are_cc_by_and_its_code_mit():
    pyproject = (ROOT / "shared_lib" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT AND CC-BY-4.0"' in pyproject
    assert "CC BY 4.0" in (ROOT / "shared_lib" / "LICENSE-DATA.md").read_text(encoding="utf-8")
