# The two commands a new user runs: `make run` and `make test`.
VENV    ?= .venv
PY      := $(VENV)/bin/python
JIANBAO := $(VENV)/bin/jianbao
ARCHIVE ?= archive
INDEX   ?= $(if $(filter archive archive/,$(ARCHIVE)),archive/index,archive/user-index)
HOST    ?= 127.0.0.1
PORT    ?= 8080
JOBS    ?= 2
ENGINE  ?=

.PHONY: install run fonts converters demo index serve test test-fast lint browser axe nginx postgres bench clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -c constraints.txt -e ".[demo]"
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-lint: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -c constraints.txt -e ".[lint]"
	touch $@

install: $(VENV)/.installed

# The habits the code keeps: ruff (lint and format) and mypy, as CI runs them.
lint: $(VENV)/.installed-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Scanned demo pages and browser screenshots need a CJK font; install Debian's where we can.
fonts:
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "安装中文字体 fonts-wqy-zenhei"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null; \
		else echo "提示：未找到中文字体（可安装 fonts-wqy-zenhei），演示档案将不含扫描件"; fi; }

# Word files older than Word 97 are read by Debian's antiword; install it where we can.
converters:
	@command -v antiword >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "安装 antiword（读取 Word 97 以前的 .doc）"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq antiword >/dev/null; \
		else echo "提示：未找到 antiword（apt-get install antiword），Word 97 以前的 .doc 将无法读取"; fi; }

# A demo archive is generated only when archive/ holds no documents of its own.
demo: install fonts
	@if [ -z "$$(find archive -type f ! -name README.md ! -name '.*' ! -path 'archive/index/*' ! -path 'archive/user-index/*' -print -quit)" ]; then \
		echo "archive/ 中没有文档：生成演示档案到 archive/demo/"; \
		$(PY) scripts/make_demo_archive.py archive/demo --gold archive/.demo-gold.jsonl; \
	fi

index: install converters $(if $(filter archive archive/,$(ARCHIVE)),demo)
	@if [ -n "$(ENGINE)" ] && [ -f $(INDEX)/engine.json ] && ! grep -q '"$(ENGINE)"' $(INDEX)/engine.json; then \
		echo "索引改用 $(ENGINE) 引擎：从目录库重建"; \
		$(JIANBAO) index --rebuild --engine $(ENGINE) --index $(INDEX) || exit 1; fi
	$(JIANBAO) index $(ARCHIVE) --index $(INDEX) --jobs $(JOBS) --prune $(if $(ENGINE),--engine $(ENGINE)); status=$$?; [ $$status -le 1 ]

serve: install
	$(JIANBAO) serve --index $(INDEX) --host $(HOST) --port $(PORT)

run: index serve

# Browser tests drive Debian's chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "安装 chromium（浏览器测试需要）"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The postgres engine's tests start their own PostgreSQL 15 (initdb on loopback); install it where it is missing.
postgres:
	@test -x /usr/lib/postgresql/15/bin/initdb -a -f /usr/share/postgresql/15/extension/rum.control || { \
		echo "安装 postgresql-15 与 postgresql-15-rum（postgres 引擎的测试需要）"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-15-rum >/dev/null; }

# The browser tests' accessibility check runs axe-core (npm, pinned in package.json).
axe:
	@test -f node_modules/axe-core/axe.min.js || { \
		command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }; \
		npm install --no-audit --no-fund --silent; }

# The deployment test runs deploy/nginx/jianbao.conf in front of a real server; install nginx where it is missing.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		echo "安装 nginx（部署配置测试需要）"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

test: $(VENV)/.installed-test browser fonts axe converters nginx postgres
	$(PY) -m pytest -q tests

# The edit-test loop: no browser, no PostgreSQL, no OCR, no corpus indexed per engine, nothing marked
# slow (tests/conftest.py marks each test by what it needs); `make test` runs everything.
FAST_SELECTION := not (browser or postgres or ocr or index or slow)
test-fast: $(VENV)/.installed-test
	$(PY) -m pytest -q -m "$(FAST_SELECTION)" tests

bench: install
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
