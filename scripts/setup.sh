#!/usr/bin/env bash
# Brings a fresh clone to a runnable state, doing only the steps that are missing:
#   1. a Python 3.10 virtualenv in .venv (Rasa 3.6 does not install on 3.11 or newer)
#   2. the pinned packages of requirements.lock
#   3. the project's offline Dutch spaCy pipeline in build/spacy-nl, the database schema
#   4. a trained model for the current data, domain and config (skipped with --no-train)
#   5. with --browser: Debian's chromium for the browser tests (widget, console, axe)
# `make run` and `make test` call it, so nobody has to remember it.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
TRAIN=1
BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --no-train) TRAIN=0 ;;
    --browser) BROWSER=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

is_python310() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_python310 "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    local root version
    root=$(pyenv root)
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -V -r); do
      candidate="$root/versions/$version/bin/python"
      if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! is_python310 "$VENV/bin/python"; then
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
setup: Python 3.10 is needed (Rasa Open Source 3.6 does not install on 3.11 or newer),
and none was found on PATH (python3.10) nor through pyenv.
Install it, then run this command again, for example:
  pyenv install 3.10          # with pyenv
  apt-get install python3.10 python3.10-venv   # on Debian or Ubuntu, where packaged
Or point to one: PYTHON310=/path/to/python3.10 make run
MSG
    exit 1
  fi
  echo "setup: creating $VENV with $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

want=$(stamp_of requirements.lock)
if [ "$(cat "$VENV/.requirements-stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing packages from requirements.lock (a few minutes the first time)"
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip<24.1" "setuptools>=70.3,<70.4" wheel  # Rasa 3.6 pins setuptools 70.3
  "$VENV/bin/python" -m pip install --quiet -r requirements.lock
  echo "$want" > "$VENV/.requirements-stamp"
fi

# TensorFlow and BLAS: two cores on these machines; keep training predictable.
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-2}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export RASA_TELEMETRY_ENABLED=false  # no usage reports from this machine

"$VENV/bin/python" -m bot.nlp.pipeline --ensure
"$VENV/bin/python" -m bot.config.gemeente --check
"$VENV/bin/python" -m bot.cli.migrate   # the newest schema, products and locations from gemeente.yml
if [ "$TRAIN" = 1 ]; then
  "$VENV/bin/python" -m bot.retraining.model_store --ensure
fi

# The browser tests drive the system's Chromium through Playwright (browser builds cannot be
# downloaded here). Installed where missing and possible; otherwise those tests skip and say why.
if [ "$BROWSER" = 1 ] && [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "setup: no chromium found: the browser tests will be skipped." >&2
    echo "       Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
  fi
fi
