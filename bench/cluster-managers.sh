#!/usr/bin/env bash
# Which cluster manager for a 1 GB Pi: for each mode, N JVMs on loopback (static member list,
# no multicast) running io.camstream.bench.ClusterManagerProbe, each with the server's JVM
# options. Per run: the time from JVM start until the node has joined and a request went each
# way with every other node (the slowest node), and per node heap used after a full GC, RSS,
# metaspace, threads and classes (median over the nodes); then the median of RUNS runs, with
# /proc/loadavg at the start of each run. Also the bytes each manager adds to the jar: the
# jars Maven resolves for vertx-core plus that manager, minus those of vertx-core alone.
#   bench/cluster-managers.sh [--runs 3] [--nodes "2 3"] [--modes "none hazelcast infinispan infinispan-tls"]
#                             [--port-base 17800] [--out FILE]
# Modes: none (the same program, one unclustered Vert.x), hazelcast, infinispan (JGroups with the
# stack of camstream's ClusterNode, no TLS), infinispan-tls (camstream's ClusterNode itself: TLS
# with client certificates on JGroups and on the event bus).
set -euo pipefail
cd "$(dirname "$0")/.."

ARGS="$*"
RUNS=3
NODES="2 3"
MODES="none hazelcast infinispan infinispan-tls"
PORT_BASE=17800
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --nodes) NODES=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --port-base) PORT_BASE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: bench/cluster-managers.sh [--runs N] [--nodes \"2 3\"] [--modes \"...\"] [--port-base P] [--out FILE]" >&2; exit 2 ;;
  esac
done
JAR=$PWD/target/camstream.jar
BENCH=$PWD/target/camstream-bench.jar
[ -f "$JAR" ] && [ -f "$BENCH" ] || { echo "no $JAR or $BENCH: mvn -B -q package -DskipTests first" >&2; exit 1; }

# The options of docker/Dockerfile and docker/camstream.service: what a node runs with on a Pi.
JAVA_OPTS="-Xms32m -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize=64m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m -XX:+ExitOnOutOfMemoryError"
VERTX_VERSION=$(sed -n 's:.*<vertx.version>\(.*\)</vertx.version>.*:\1:p' pom.xml)

WORK=$(mktemp -d /tmp/camstream-cluster-managers.XXXXXX)
pids=()
stop_nodes() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop_nodes; rm -rf "$WORK"' EXIT

# classpath ARTIFACT...: the jars Maven resolves for vertx-core and these io.vertx artifacts,
# versions from the vertx-stack-depchain BOM, one path a line.
classpath() {
  local dir="$WORK/pom-$(echo "$@" | tr ' ' '-')" deps="" a
  mkdir -p "$dir"
  for a in vertx-core "$@"; do deps="$deps<dependency><groupId>io.vertx</groupId><artifactId>$a</artifactId></dependency>"; done
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>cluster-managers</artifactId><version>1</version>
<dependencyManagement><dependencies><dependency><groupId>io.vertx</groupId><artifactId>vertx-stack-depchain</artifactId>
<version>$VERTX_VERSION</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
<dependencies>$deps</dependencies></project>
EOF
  mvn -B -q -f "$dir/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$dir/cp.txt" -Dmdep.includeScope=runtime >&2
  tr ':' '\n' <"$dir/cp.txt" | sort
}

classpath >"$WORK/core.txt"
declare -A ADDED CP
for m in hazelcast infinispan; do
  classpath "vertx-$m" >"$WORK/$m.txt"
  ADDED[$m]=$(comm -13 "$WORK/core.txt" "$WORK/$m.txt" | xargs stat -c %s | awk '{s+=$1} END {print s}')
  CP[$m]=$(comm -13 "$WORK/core.txt" "$WORK/$m.txt" | paste -sd:)
  echo "$m adds $(comm -13 "$WORK/core.txt" "$WORK/$m.txt" | wc -l) jars, ${ADDED[$m]} bytes:" >&2
  comm -13 "$WORK/core.txt" "$WORK/$m.txt" | xargs -n1 basename | paste -sd' ' >&2
done
ADDED[none]=0
ADDED[infinispan-tls]=${ADDED[infinispan]}

java -jar "$JAR" cluster credentials "$WORK/credentials" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }

port=$PORT_BASE
table="| cluster manager | nodes | start to joined and a request each way, s | heap used after GC, MiB | RSS, MiB | metaspace, MiB | threads | jar bytes added | load average (1 5 15 min) at each run's start |
|---|---:|---:|---:|---:|---:|---:|---:|---|"
for mode in $MODES; do
  counts=$NODES
  [ "$mode" = none ] && counts=1
  case $mode in
    hazelcast) cp="$BENCH:$JAR:${CP[hazelcast]}"; config=$PWD/bench/cluster/hazelcast.xml ;;
    infinispan) cp="$BENCH:$JAR"; config=$PWD/bench/cluster/jgroups-tcpping.xml ;;
    *) cp="$BENCH:$JAR"; config="" ;;
  esac
  for n in $counts; do
    joins=() heaps=() rsss=() metas=() threads=() loads=()
    for run in $(seq "$RUNS"); do
      dir="$WORK/$mode-$n-$run"; mkdir -p "$dir"
      loads+=("$(cut -d' ' -f1-3 /proc/loadavg)")
      for i in $(seq 0 $((n - 1))); do
        # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
        java $JAVA_OPTS -cp "$cp" io.camstream.bench.ClusterManagerProbe --mode "$mode" --index "$i" --nodes "$n" \
          --port-base "$port" ${config:+--config "$config"} --credentials "$WORK/credentials" \
          >"$dir/node$i.out" 2>"$dir/node$i.err" &
        pids+=($!)
      done
      start=$(date +%s)
      until [ "$(cat "$dir"/node*.out | grep -c '^RESULT')" -ge "$n" ]; do
        for p in "${pids[@]}"; do
          kill -0 "$p" 2>/dev/null || { echo "a $mode node exited:" >&2; tail -n 30 "$dir"/node*.err >&2; exit 1; }
        done
        [ $(( $(date +%s) - start )) -lt 300 ] || { echo "$mode with $n nodes: no result within 300 s" >&2; tail -n 30 "$dir"/node*.err >&2; exit 1; }
        sleep 0.2
      done
      stop_nodes
      results=$(cat "$dir"/node*.out | grep '^RESULT')
      join=$(echo "$results" | field joined_ms | sort -n | tail -1)
      joins+=("$(echo "scale=2; $join / 1000" | bc)")
      heaps+=("$(echo "$results" | field heap_used_kib | median | awk '{printf "%.1f", $1 / 1024}')")
      rsss+=("$(echo "$results" | field rss_kib | median | awk '{printf "%.0f", $1 / 1024}')")
      metas+=("$(echo "$results" | field metaspace_kib | median | awk '{printf "%.1f", $1 / 1024}')")
      threads+=("$(echo "$results" | field threads | median)")
      echo "$mode, $n nodes, run $run (load ${loads[-1]}): joined ${joins[-1]} s, heap ${heaps[-1]} MiB, RSS ${rsss[-1]} MiB, metaspace ${metas[-1]} MiB, ${threads[-1]} threads" >&2
      port=$((port + 200))
    done
    row="| $mode | $n | $(printf '%s\n' "${joins[@]}" | median) | $(printf '%s\n' "${heaps[@]}" | median) | $(printf '%s\n' "${rsss[@]}" | median) | $(printf '%s\n' "${metas[@]}" | median) | $(printf '%s\n' "${threads[@]}" | median) | ${ADDED[$mode]} | $(IFS=';'; echo "${loads[*]}") |"
    table="$table
$row"
  done
done

footer="JVM options: \`$JAVA_OPTS\`; medians of $RUNS runs; every node of a run started at once on this machine's $(nproc) cores; $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d); command: bench/cluster-managers.sh $ARGS"
echo
echo "$table"
echo
echo "$footer"
if [ -n "$OUT" ]; then
  { echo "$table"; echo; echo "$footer"; } >"$OUT"
fi
