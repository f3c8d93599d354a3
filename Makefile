# The two set-up commands of the README.
#   make demo  - install everything, then extract a sample plan from corpus/
#   make test  - install everything, then run the test suite
PY ?= python3

.PHONY: setup demo test eval bench

setup:
	bash scripts/setup.sh

demo: setup
	extract corpus/docs/kh-74-ubnd-chi-lang-2024.txt --summary
	extract corpus/docs/kh-74-ubnd-chi-lang-2024.txt -o out/kh-74.json && echo "JSON written to out/kh-74.json"

test: setup
	OMP_THREAD_LIMIT=1 $(PY) -m pytest

eval:
	extract eval corpus

bench:
	$(PY) bench/bench_text.py
	$(PY) bench/bench_read.py
	$(PY) bench/bench_batch.py
	$(PY) bench/bench_index.py
