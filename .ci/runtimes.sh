#!/usr/bin/env bash
# Runtime matrix, packaging gate, bundle budgets and API docs: the part of CI that runs after `npm test`.
# Called by .ci/run; also fine to run by hand: `bash .ci/runtimes.sh`.
# Network: Debian apt (only when Chromium is missing) and the npm registry (`npm ci` of .ci/runtimes, and the
# packaging gate's install of the tarball, which needs the full packuments `npm ci` does not cache);
# everything else is offline or loopback (127.0.0.1). Budget: < 12 min on 2 cores (typically ~6).
set -uo pipefail
cd "$(dirname "$0")/.."
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export DENO_NO_UPDATE_CHECK=1 CI=${CI:-true}

names=(); results=(); times=()
record() { names+=("$1"); results+=("$2"); times+=("$3"); }
# step <name> <timeout-seconds> <command...>: runs it with its output streamed, records ok/FAIL and the time.
step() {
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS
  echo "::: $name"
  if timeout --kill-after=10 "$limit" "$@"; then record "$name" ok $((SECONDS - t0)); else
    local rc=$?
    record "$name" "FAIL$([ $rc -eq 124 ] && echo ' (timeout)')" $((SECONDS - t0))
    return 1
  fi
}
skip() { echo "::: $1 skipped: $2"; record "$1" "skipped ($2)" 0; }
# Two cores: a CPU-bound step runs beside one that mostly waits (downloads, runtimes starting, loopback calls).
# start <name> <timeout-seconds> <command...>: step in the background, its output kept in .tmp/;
# finish <name>: waits for it, then prints its output and records it as step does.
bg_names=(); bg_pids=()
start() {
  local name=$1 limit=$2 f=.tmp/runtimes-bg-${#bg_names[@]}; shift 2
  ( t0=$SECONDS; timeout --kill-after=10 "$limit" "$@" >"$f.log" 2>&1; echo "$? $((SECONDS - t0))" >"$f.rc" ) &
  bg_names+=("$name"); bg_pids+=($!)
}
finish() {
  local i f rc secs
  for i in "${!bg_names[@]}"; do [ "${bg_names[$i]}" = "$1" ] && break; done
  f=.tmp/runtimes-bg-$i
  wait "${bg_pids[$i]}"
  read -r rc secs <"$f.rc" || { rc=1; secs=0; }
  echo "::: $1 (ran in the background)"
  cat "$f.log"
  if [ "$rc" -eq 0 ]; then record "$1" ok "$secs"; else record "$1" "FAIL$([ "$rc" -eq 124 ] && echo ' (timeout)')" "$secs"; return 1; fi
}
# suite <name> <report> <runtime command...>: the whole vitest suite under Bun or Deno, its JSON report in <report>.
# When it fails (not by its timeout), the files of its failed tests, or the whole suite when the report names
# none, run once more: the step passes only if that rerun does, and then says "ok, rerun passed", and the
# list at the end names what failed the first time (docs/runtimes.md, "A rerun under Bun and Deno").
suite() {
  local name=$1 report=$2; shift 2
  local vitest=(node_modules/vitest/vitest.mjs run --config test/runtimes.vitest.config.ts --reporter=dot --reporter=json)
  step "$name" 420 "$@" "${vitest[@]}" --outputFile="$report" && return 0
  local last=$((${#results[@]} - 1)) t0=$SECONDS files
  case "${results[$last]}" in *timeout*) return 1 ;; esac
  mapfile -t files < <(node .ci/failed-tests.mjs --files "$report")
  echo "::: $name: rerun of ${files[*]:-the whole suite}"
  if timeout --kill-after=10 420 "$@" "${vitest[@]}" --outputFile="${report%.json}-rerun.json" "${files[@]}"; then
    results[$last]="ok, rerun passed"; times[$last]=$((times[last] + SECONDS - t0))
  else
    results[$last]="FAIL, rerun too"; times[$last]=$((times[last] + SECONDS - t0)); return 1
  fi
}
mkdir -p .tmp
rm -f .tmp/vitest-node24.json .tmp/vitest-undici8.json .tmp/vitest-{bun,deno}.json .tmp/vitest-{bun,deno}-rerun.json

# 1. Chromium from Debian (about 20 s, 113 MB download, only on a machine without it).
if command -v chromium >/dev/null 2>&1; then record "chromium (apt)" "ok, present" 0; else
  step "chromium (apt)" 240 bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null'
fi

# 2. API docs from the sources (CPU), beside the download of the extra runtimes and the build.
start "docs (typedoc, warnings are errors)" 180 npx --no-install typedoc --treatWarningsAsErrors

# 3. Extra runtimes, pinned by .ci/runtimes/package-lock.json (own folder: the root `node` stays Node 20),
# downloaded while the build runs.
start "npm ci --prefix .ci/runtimes" 240 npm ci --prefix .ci/runtimes --no-audit --no-fund --loglevel=error

# 4. Build dist/ (what every check below imports).
step "build (tsup)" 180 npm run --silent build
built=$?
finish "npm ci --prefix .ci/runtimes"
rt_ok=$?

# 5. The runtime matrix (mostly waiting on runtimes and loopback calls) with the packaging gate (mostly tsc) beside it.
if [ $built -eq 0 ]; then
  start "check:package" 300 bash scripts/check-package.sh
  if [ $rt_ok -eq 0 ]; then step "test:runtimes (9 runtimes)" 240 node conformance/run-all.mjs --no-build; else skip "test:runtimes (9 runtimes)" "runtimes not installed"; fi
  step "size (bundle budgets)" 60 node scripts/size.mjs
  finish "check:package"
else
  skip "test:runtimes (9 runtimes)" "build failed"; skip "size (bundle budgets)" "build failed"; skip "check:package" "build failed"
fi
# 6. The whole vitest suite on Node 24 too (native onnxruntime and its tensors, node:zlib codings and fetch
# differ by Node version: the whole suite there found two faults Node 20 cannot show).
if [ $rt_ok -eq 0 ]; then step "vitest suite on Node 24" 420 .ci/runtimes/node_modules/node24/bin/node node_modules/vitest/vitest.mjs run --reporter=dot --reporter=json --outputFile=.tmp/vitest-node24.json; else skip "vitest suite on Node 24" "runtimes not installed"; fi
# 7. The undici transport on undici 8, the newest major of the peer range (it needs Node 22.19+).
if [ $rt_ok -eq 0 ]; then step "vitest undici on undici 8 (Node 24)" 180 .ci/runtimes/node_modules/node24/bin/node node_modules/vitest/vitest.mjs run --config test/undici8.vitest.config.ts --reporter=dot --reporter=json --outputFile=.tmp/vitest-undici8.json; else skip "vitest undici on undici 8 (Node 24)" "runtimes not installed"; fi
# 8. The whole vitest suite under Bun and under Deno, its loopback servers in the same runtime (docs/runtimes.md,
# "The whole suite under Bun and Deno"): their fetch, streams, FormData and node: modules are their own.
# One after the other: side by side they take as long on 2 cores.
if [ $rt_ok -eq 0 ]; then
  suite "vitest suite under Bun" .tmp/vitest-bun.json .ci/runtimes/node_modules/.bin/bun
  suite "vitest suite under Deno" .tmp/vitest-deno.json env DENO_DIR=.tmp/deno-dir .ci/runtimes/node_modules/.bin/deno run -A
else
  skip "vitest suite under Bun" "runtimes not installed"; skip "vitest suite under Deno" "runtimes not installed"
fi
finish "docs (typedoc, warnings are errors)"

echo
echo "runtimes.sh summary ($SECONDS s):"
bad=0
for i in "${!names[@]}"; do
  printf '  %-40s %-22s %4ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  case "${results[$i]}" in ok*) ;; *) bad=$((bad + 1)) ;; esac
done
echo "runtimes.sh: ${#names[@]} steps, $((${#names[@]} - bad)) ok, $bad not ok"
# the failed tests by name: a CI log is often kept only by its tail (after the step lines .ci/run counts)
node .ci/failed-tests.mjs "Node 24=.tmp/vitest-node24.json" "undici 8=.tmp/vitest-undici8.json" "Bun=.tmp/vitest-bun.json" \
  "Bun rerun=.tmp/vitest-bun-rerun.json" "Deno=.tmp/vitest-deno.json" "Deno rerun=.tmp/vitest-deno-rerun.json"
[ $bad -eq 0 ]
