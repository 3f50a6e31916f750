#!/usr/bin/env bash
# Start-up time and idle memory of the packaged server under several sets of JVM options,
# for the README's "Memory on a 1 GB board". For each set: RUNS starts of the jar with the
# test pattern and sign-in on (a normal restart: users file and media.db already there),
# the time from launch to the "camstream listening on" line, and VmRSS IDLE seconds later
# with nobody watching; the medians are printed as a Markdown table (and written to --out).
#   bench/startup.sh [--jar target/camstream.jar] [--runs 5] [--idle 30] [--port 5091] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

ARGS="$*"
JAR=target/camstream.jar
RUNS=5
IDLE=30
PORT=5091
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: bench/startup.sh [--jar FILE] [--runs N] [--idle SECONDS] [--port P] [--out FILE]" >&2; exit 2 ;;
  esac
done
[ -f "$JAR" ] || { echo "no jar at $JAR: mvn -B -q package -DskipTests first" >&2; exit 1; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

# The options of docker/Dockerfile and docker/camstream.service before this comparison.
UNIT="-Xms32m -Xmx160m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m -XX:+ExitOnOutOfMemoryError"
C1="-XX:TieredStopAtLevel=1"

WORK=$(mktemp -d /tmp/camstream-startup.XXXXXX)
CACHE="$WORK/javacpp"   # shared by all runs but the "empty cache" ones: unpacked once
CDS="$WORK/camstream.jsa"
pid=""
elapsed=""

# launch OPTS... : starts the server in $WORK/run, waits for the listening line and sets pid
# and elapsed (seconds from launch to that line).
launch() {
  local log="$WORK/run/out.txt" start now
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # OPTS are several options
  (cd "$WORK/run" && exec java "$@" -jar "$JAR" --camera test --port "$PORT" >"$log" 2>&1) &
  pid=$!
  until grep -q 'camstream listening on' "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$log" >&2; exit 1; }
    now=$(date +%s%N)
    [ $(( (now - start) / 1000000000 )) -lt 180 ] || { echo "no 'listening' line within 180 s" >&2; exit 1; }
    sleep 0.02
  done
  now=$(date +%s%N)
  elapsed=$(echo "scale=2; ($now - $start) / 1000000000" | bc)
}

finish() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

trap 'finish; rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# A first start makes the users file and media.db that the measured restarts find.
mkdir -p "$WORK/run"
launch -Dorg.bytedeco.javacpp.cachedir="$CACHE" $UNIT
finish

# The application class-data archive for the AppCDS rows: a training run that starts the
# server, serves a picture and stops; the JVM writes the classes it loaded when it exits.
launch -Dorg.bytedeco.javacpp.cachedir="$CACHE" $UNIT -XX:ArchiveClassesAtExit="$CDS"
curl -s -o /dev/null "http://127.0.0.1:$PORT/health" || true
finish
[ -s "$CDS" ] || { echo "the JVM wrote no class-data archive at $CDS" >&2; exit 1; }

declare -a NAMES=("JVM defaults" "unit options (before)" "unit, first start after an update (empty JavaCPP cache)"
  "unit + C1 only" "unit + AppCDS" "unit + C1 only + AppCDS")
declare -a OPTS=("" "$UNIT" "$UNIT" "$UNIT $C1" "$UNIT -XX:SharedArchiveFile=$CDS" "$UNIT $C1 -XX:SharedArchiveFile=$CDS")

table="| JVM options | start to listening, s (median of $RUNS) | idle RSS after ${IDLE} s, MiB (median) | all starts, s |
|---|---:|---:|---|"
for i in "${!NAMES[@]}"; do
  times=() rss=()
  for _ in $(seq "$RUNS"); do
    cache=$CACHE
    if [ "$i" = 2 ]; then cache="$WORK/javacpp-empty"; rm -rf "$cache"; fi
    # shellcheck disable=SC2086
    launch -Dorg.bytedeco.javacpp.cachedir="$cache" ${OPTS[$i]}
    t=$elapsed
    sleep "$IDLE"
    r=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
    finish
    times+=("$t") rss+=("$r")
    echo "${NAMES[$i]}: ${t} s, ${r} MiB" >&2
  done
  row="| ${NAMES[$i]} | $(printf '%s\n' "${times[@]}" | median) | $(printf '%s\n' "${rss[@]}" | median) | ${times[*]} |"
  table="$table
$row"
done

echo
echo "$table"
echo
echo "unit options: $UNIT; C1 only: $C1; AppCDS: -XX:SharedArchiveFile (archive from -XX:ArchiveClassesAtExit on a training run)"
echo "jar: $JAR ($(stat -c %s "$JAR") bytes); $(java -version 2>&1 | head -1); $(nproc) cores; $(date -u +%Y-%m-%d)"
if [ -n "$OUT" ]; then
  { echo "$table"; echo
    echo "unit options: \`$UNIT\`; C1 only: \`$C1\`; AppCDS: \`-XX:SharedArchiveFile\` (archive from \`-XX:ArchiveClassesAtExit\` on a training run)"
    echo "jar: $(basename "$JAR") ($(stat -c %s "$JAR") bytes); $(java -version 2>&1 | head -1); $(nproc) cores; $(date -u +%Y-%m-%d); command: bench/startup.sh $ARGS"
  } >"$OUT"
fi
