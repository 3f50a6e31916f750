#!/usr/bin/env bash
# Benchmark: starts target/camstream.jar with each source, watches it with the load
# generator at growing viewer counts and writes results.csv and results.md. See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SCENARIOS="test-720 test-720-gray test-480 test-480-gray pass-720 pass-720-gray"
VIEWERS="1 10 100 250 500 1000"
DURATION=10
WARMUP=3
REPEAT=1
MAX_LOAD=0.6
LOAD_WAIT=600
PORT=5090
OUT=bench/out
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --viewers) VIEWERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --max-load) MAX_LOAD=$2; shift 2 ;;
    --load-wait) LOAD_WAIT=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--scenarios \"$SCENARIOS\"] [--viewers \"$VIEWERS\"]" >&2
       echo "         [--duration S] [--warmup S] [--repeat R] [--max-load L] [--load-wait S] [--port P] [--out DIR]" >&2
       exit 2 ;;
  esac
done

# a thousand viewers need a thousand sockets on each side
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
  echo "open-file limit $(ulimit -n) is too low for 1000 viewers; raise it (ulimit -n 8192)" >&2
  exit 1
fi
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed for the pass-through scenarios: apt-get install -y ffmpeg" >&2; exit 1; }
if [ ! -f target/camstream.jar ] || [ ! -f target/camstream-bench.jar ]; then
  mvn -B -q package -DskipTests
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CSV=$OUT/results.csv
# the load generator (bench/src/main/java) runs on the Netty and Vert.x inside the server jar
CP=target/camstream-bench.jar:target/camstream.jar

# the same 300 JPEG files other servers can be fed, for the pass-through runs
FRAMES=$OUT/frames
if [ ! -f "$FRAMES/0300.jpg" ]; then
  mkdir -p "$FRAMES"
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -frames:v 300 -q:v 5 "$FRAMES/%04d.jpg"
fi
PIPE="pipe:ffmpeg -loglevel error -nostdin -re -stream_loop -1 -framerate 30 -i $FRAMES/%04d.jpg -c:v copy -f mjpeg -"
# and 640x480 ones for the nine-camera run
FRAMES480=$OUT/frames480
case "$SCENARIOS" in *multi9*)
  if [ ! -f "$FRAMES480/0300.jpg" ]; then
    mkdir -p "$FRAMES480"
    ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x480:rate=30 -frames:v 300 -q:v 5 "$FRAMES480/%04d.jpg"
  fi ;;
esac
PIPE480="pipe:ffmpeg -loglevel error -nostdin -re -stream_loop -1 -framerate 30 -i $FRAMES480/%04d.jpg -c:v copy -f mjpeg -"

# several cameras in one server: N pass-through cameras cam1..camN, the viewers spread evenly over them
camera_count() {
  case "$1" in multi4-*) echo 4 ;; multi9-*) echo 9 ;; *) echo 0 ;; esac
}

source_args() {
  case "$1" in
    test-720*) echo "--camera test --set camera.width=1280 --set camera.height=720 --set camera.fps=30" ;;
    test-480*) echo "--camera test --set camera.width=640 --set camera.height=480 --set camera.fps=30" ;;
    pass-720*|multi4-720) echo "--set camera.fps=30" ;;
    multi9-480) echo "--set camera.fps=30" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}

wait_for_quiet() {
  local waited=0
  while awk -v max="$MAX_LOAD" '{ exit !($1 >= max) }' /proc/loadavg; do
    if [ "$waited" -ge "$LOAD_WAIT" ]; then
      echo "  load still $(cut -d' ' -f1 /proc/loadavg) after ${LOAD_WAIT}s; measuring anyway (recorded in the CSV)"
      return
    fi
    [ "$waited" -eq 0 ] && echo "  waiting for the 1-minute load ($(cut -d' ' -f1 /proc/loadavg)) to fall under $MAX_LOAD"
    sleep 10
    waited=$((waited + 10))
  done
}

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
trap stop_server EXIT

for round in $(seq "$REPEAT"); do
  for scenario in $SCENARIOS; do
    echo "== $scenario (round $round)"
    wait_for_quiet
    work=$OUT/server-$scenario
    rm -rf "$work"; mkdir -p "$work"
    # viewers watch without signing in, as auth.allowAnonymousViewers allows; the access checks still run
    args=(--port "$PORT" --media "$work/media" --set server.host=127.0.0.1 --set log.dir="$work/logs"
      --set auth.allowAnonymousViewers=true --set auth.usersFile="$work/users.json")
    read -r -a extra <<< "$(source_args "$scenario")"
    args+=("${extra[@]}")
    case "$scenario" in pass-*) args+=(--camera "$PIPE") ;; esac
    cameras=$(camera_count "$scenario")
    urls=
    for i in $(seq "$cameras"); do
      case "$scenario" in multi9-*) args+=(--camera "cam$i=$PIPE480") ;; *) args+=(--camera "cam$i=$PIPE") ;; esac
      urls="${urls:+$urls,}http://127.0.0.1:$PORT/cameras/cam$i/video_feed"
    done
    case "$scenario" in *-gray) args+=(--set camera.grayscale=true) ;; esac
    # shellcheck disable=SC2086
    java ${SERVER_JAVA_OPTS:-} -jar target/camstream.jar "${args[@]}" > "$work/server.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 60); do
      curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
      sleep 1
    done
    url=${urls:-http://127.0.0.1:$PORT/video_feed}
    # JIT warm-up, not recorded
    java -cp "$CP" io.camstream.bench.LoadGenerator --url "$url" --viewers 50 --processes "$((cameras > 0 ? cameras : 1))" \
      --warmup 2 --duration 5 >/dev/null || true
    for n in $VIEWERS; do
      processes=1
      [ "$n" -ge 250 ] && processes=2
      [ "$cameras" -gt 0 ] && processes=$cameras
      set +e
      java -cp "$CP" io.camstream.bench.LoadGenerator --url "$url" --viewers "$n" --processes "$processes" \
        --warmup "$WARMUP" --duration "$DURATION" --source-fps 30 --server-pid "$SERVER_PID" \
        --csv "$CSV" --label "$scenario"
      rc=$?
      set -e
      if [ "$rc" -eq 3 ]; then
        echo "  median under half the source rate at $n viewers: stopping $scenario here"
        break
      elif [ "$rc" -ne 0 ]; then
        echo "  load generator failed ($rc)" >&2
        exit "$rc"
      fi
    done
    stop_server
  done
done

java -cp "$CP" io.camstream.bench.BenchReport "$CSV" > "$OUT/results.md"
cat "$OUT/results.md"
