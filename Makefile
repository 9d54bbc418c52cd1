# The two commands of the README, and the trainer's workflow.
# Each works on a fresh machine with Python 3.11+: set-up happens by itself.
PYTHON ?= python3
TRAINER = .venv/bin/cp-trainer
A ?=

.PHONY: course test setup student-versions release collect autograde feedback grades benchmarks

course:            ## open the course in JupyterLab (sets up .venv first if needed)
	$(PYTHON) scripts/course.py open

test:              ## run every test: cpkit, notebooks, autograding (sets up .venv first if needed)
	$(PYTHON) scripts/course.py test

setup:
	$(PYTHON) scripts/course.py setup

student-versions: setup   ## regenerate exercises/ from the masters in solutions/
	$(TRAINER) student-versions

release: setup     ## package an exercise for trainees: make release A=m1-first-balance
	$(TRAINER) release $(A)

collect: setup     ## collect submissions: make collect A=m1-first-balance FROM=path/to/zips-or-folder
	$(TRAINER) collect $(A) $(FROM)

autograde: setup   ## grade every collected submission: make autograde A=m1-first-balance
	$(TRAINER) autograde $(A)

feedback: setup    ## feedback pages for trainees: make feedback A=m1-first-balance
	$(TRAINER) feedback $(A)

grades: setup      ## export all grades to course/grades.csv
	$(TRAINER) grades

benchmarks: setup  ## print speed figures
	for script in benchmarks/bench_*.py; do .venv/bin/python $$script; done
