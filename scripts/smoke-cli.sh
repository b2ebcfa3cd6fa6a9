#!/usr/bin/env bash
# CLI smoke test: the bundled CLI, run as a user would, must report the seed model's
# Bidirectional(LSTM(300)) under both conventions (Keras 1,442,400; cuDNN 1,444,800),
# in the text format and in the JSON format.
set -euo pipefail
cd "$(dirname "$0")/.."

cli=dist/model-summary.cjs
fixture=test/fixtures/models/seed_lstm.py
passed=0
failed=0

fail() {
  echo "smoke-cli: FAIL: $1" >&2
  if [[ -n ${2-} ]]; then
    echo "----- output -----" >&2
    printf '%s\n' "$2" >&2
    echo "------------------" >&2
  fi
  failed=$((failed + 1))
}

if [[ ! -f $cli ]]; then
  echo "smoke-cli: FAIL: $cli is missing; run 'npm run build' first" >&2
  exit 1
fi

# 1. Text output (the default): both counts, formatted as Keras prints them.
rc=0
out=$(node "$cli" "$fixture" 2>&1) || rc=$?
if (( rc != 0 )); then
  fail "node $cli $fixture exited with $rc" "$out"
else
  missing=()
  for want in 1,442,400 1,444,800; do
    grep -qF -- "$want" <<<"$out" || missing+=("$want")
  done
  if (( ${#missing[@]} )); then
    fail "text output lacks ${missing[*]}" "$out"
  else
    passed=$((passed + 1))
  fi
fi

# 2. JSON output: valid JSON whose per-layer counts include both numbers.
rc=0
out=$(node "$cli" "$fixture" --format json 2>&1) || rc=$?
if (( rc != 0 )); then
  fail "node $cli $fixture --format json exited with $rc" "$out"
elif ! node -e '
  const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const seen = new Set();
  const walk = layers => { for (const l of layers ?? []) { for (const v of Object.values(l.params ?? {})) seen.add(String(v)); walk(l.layers); } };
  for (const m of report.models ?? []) walk(m.layers);
  const missing = ["1442400", "1444800"].filter(n => !seen.has(n));
  if (missing.length) { console.error("missing layer counts: " + missing.join(", ")); process.exit(1); }
' <<<"$out"; then
  fail "JSON output is not valid or lacks the seed counts" "$out"
else
  passed=$((passed + 1))
fi

echo "smoke-cli: $passed passed, $failed failed"
(( failed == 0 ))
