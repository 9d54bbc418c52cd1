"""Pages generated from the course manifest, course/course.yml.

    python3 scripts/course.py pages      # rewrite them
    python3 scripts/course.py pages --check   # exit 1 if one is out of date

Two pages follow the manifest: the start page's cells tagged ``manifest``
(the modules with their notebooks, minutes, exercises and tools) and the
module table of course/syllabus.md, between its two ``manifest`` comment
lines. Everything else on both pages is written by hand.
"""

import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "course" / "course.yml"
SYLLABUS = ROOT / "course" / "syllabus.md"
TABLE_START = "<!-- manifest: the module table below is generated from course/course.yml -->"
TABLE_END = "<!-- manifest: end of the generated table -->"


def load_manifest(path=MANIFEST):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def notebook_title(path):
    """The text of a notebook's first '# ' heading, or its file name."""
    notebook = nbformat.read(ROOT / path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(path).stem


def exercise_title(name):
    """The first heading of an exercise's student version."""
    return notebook_title(f"exercises/{name}/{name}.ipynb")


def _link(path, text, start):
    return f"[{text}]({Path(path).relative_to(start).as_posix() if path.startswith(start) else '../' + path})"


def start_page_cells(manifest):
    """Markdown of the start page's generated cells: {tag: text}."""
    lines = ["## The seven modules", ""]
    total_minutes = 0
    for module in manifest["modules"]:
        head = f"### Module {module['number']} · {module['title']} ({module['days']} days)"
        lines += [head, ""]
        notebooks = module.get("notebooks") or []
        if notebooks:
            lines += ["| Notebook | Minutes |", "|---|---|"]
            for entry in notebooks:
                title = notebook_title(entry["path"])
                lines.append(f"| {_link(entry['path'], title, 'modules/')} | {entry['minutes']} |")
                total_minutes += entry["minutes"]
            lines.append("")
        exercises = list(module.get("exercises") or [])
        extras = []
        if exercises:
            extras.append("Exercises: " + " · ".join(
                _link(f"exercises/{name}/{name}.ipynb", exercise_title(name), "modules/") for name in exercises))
        if module.get("performance_test"):
            name = module["performance_test"]
            extras.append("Performance test: " + _link(f"exercises/{name}/{name}.ipynb", exercise_title(name),
                                                       "modules/"))
        if module.get("sector_unit"):
            extras.append("Sector unit: " + _link(module["sector_unit"], notebook_title(module["sector_unit"]),
                                                   "modules/"))
        waiting = [t["topic"] for t in module["topics"] if not t.get("at")]
        if waiting:
            extras.append("In preparation: " + "; ".join(waiting) + ".")
        lines += [f"- {line}" for line in extras] + [""]
    lines.append(f"Written so far: {total_minutes / 60:.1f} hours of notebooks, of "
                 f"{sum(m['days'] for m in manifest['modules'])} training days in the original course.")
    tools = ["## Tools", "",
             "Interactive tools that work by filling tables and changing numbers, also usable as apps "
             "without code (open them with Voila):", ""]
    for tool in manifest.get("tools", []):
        tools.append(f"- {_link(tool['path'], tool['title'], 'modules/')}: {tool['does']}")
    return {"manifest-modules": "\n".join(lines).rstrip() + "\n", "manifest-tools": "\n".join(tools) + "\n"}


def syllabus_table(manifest):
    rows = ["| # | Module | Days | Topics (Figure 13) | Outcomes | Notebooks and exercises |",
            "|---|--------|------|--------------------|----------|--------------------------|"]
    for module in manifest["modules"]:
        topics = "; ".join(t["topic"] for t in module["topics"])
        parts = [notebook_title(n["path"]) + f" ({n['minutes']} min)" for n in module.get("notebooks") or []]
        parts += [f"exercise {name}" for name in module.get("exercises") or []]
        if module.get("performance_test"):
            parts.append(f"**performance test** {module['performance_test']}")
        outcomes = ", ".join(str(o) for o in module.get("outcomes", []))
        rows.append(f"| {module['number']} | {module['title']} | {module['days']} | {topics} | {outcomes} | "
                    f"{'; '.join(parts) or 'in preparation'} |")
    return "\n".join(rows) + "\n"


def render_start_page(manifest, path):
    notebook = nbformat.read(path, as_version=4)
    texts = start_page_cells(manifest)
    for cell in notebook.cells:
        for tag in cell.metadata.get("tags", []):
            if tag in texts:
                cell.source = texts[tag].rstrip("\n")
    return notebook


def render_syllabus(manifest, text):
    before, rest = text.split(TABLE_START, 1)
    _, after = rest.split(TABLE_END, 1)
    return f"{before}{TABLE_START}\n{syllabus_table(manifest)}{TABLE_END}{after}"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    manifest = load_manifest()
    start = ROOT / manifest["start_page"]
    new_start = nbformat.writes(render_start_page(manifest, start)) + "\n"
    new_syllabus = render_syllabus(manifest, SYLLABUS.read_text(encoding="utf-8"))
    stale = [p for p, text in ((start, new_start), (SYLLABUS, new_syllabus))
             if p.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run `python3 scripts/course.py pages`.")
        return 1 if stale else 0
    for path, text in ((start, new_start), (SYLLABUS, new_syllabus)):
        path.write_text(text, encoding="utf-8")
    print("Start page and syllabus written from course/course.yml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
