#!/usr/bin/env bash
# The README's "Without Docker" install, run step by step in a fresh Debian 12 (bookworm)
# root file system made by debootstrap, as far as it goes without systemd and a Pi:
#   1. on the "Pi": apt install the Java runtime and git, clone the repository, copy the jar
#      built elsewhere, docker/install.sh --jar (user, groups, folders, unit, command);
#   2. the server started exactly as the unit's ExecStart would start it (same user, groups,
#      working folder, environment, /etc/default/camstream), /health, a picture through
#      OpenCV, `camstream user list`, SIGTERM ends it with status 143 within TimeoutStopSec;
#   3. docker/install.sh --uninstall keeps media and config;
#   4. with --build also the other README path: apt install a JDK and Maven and build the jar
#      inside the fresh system (downloads the dependencies from Maven Central: slow);
#   and systemd-analyze verify on the unit file, on this machine.
# Too slow for .ci/run (minutes; needs root, debootstrap and the network). Run as root:
#   mvn -B -q package -DskipTests -Prelease && sudo .ci/check-install-debian.sh [--build] [--keep]
# Options: --jar FILE (default target/camstream.jar), --build, --keep (leave the root file
# system for a look), --cache DIR (where the pristine debootstrap tarball is kept, default
# /var/tmp/camstream-check), --port P (default 5093), --m2 DIR (with --build: seed the device
# user's Maven repository from DIR, e.g. ~/.m2/repository, where the fresh system cannot
# reach Maven Central itself (seen on one build machine: its network presents a certificate
# the fresh system's Java does not trust, "PKIX path building failed").
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

JAR=target/camstream.jar
BUILD=false
KEEP=false
CACHE=/var/tmp/camstream-check
PORT=5093
M2=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift 2 ;;
    --build) BUILD=true; shift ;;
    --keep) KEEP=true; shift ;;
    --cache) CACHE=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --m2) M2=$2; shift 2 ;;
    *) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot, mount)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install -y debootstrap" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no jar at $JAR: mvn -B -q package -DskipTests -Prelease first" >&2; exit 1; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
step() { echo; echo "== $*"; }

# The README's commands this check runs (it fails if the README stops printing one of them).
README_CMDS=(
  "sudo apt install default-jre-headless git"
  "git clone <this repository> camstream && cd camstream"
  "sudo docker/install.sh --jar ~/camstream.jar"
  "sudo docker/install.sh --uninstall"
  "sudo apt install default-jdk-headless maven git"
  "mvn -B -q package -DskipTests"
  "sudo docker/install.sh"
)
step "the README prints the commands this check runs"
for c in "${README_CMDS[@]}"; do
  if grep -qF -- "$c" README.md; then pass "README: $c"; else fail "README no longer prints: $c (change this script with it)"; fi
done

# A pristine minimal bookworm, made once and unpacked fresh for every run.
BASE="$CACHE/bookworm-minbase.tar.gz"
if [ ! -s "$BASE" ]; then
  step "debootstrap --variant=minbase bookworm (once; kept in $BASE)"
  mkdir -p "$CACHE"
  tmp=$(mktemp -d "$CACHE/debootstrap.XXXXXX")
  mirror=$(grep -h -o -m1 'http[^ ]*debian\b' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -1)
  debootstrap --variant=minbase bookworm "$tmp" "${mirror:-http://deb.debian.org/debian}" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail "$CACHE/debootstrap.log" >&2; exit 1; }
  tar -C "$tmp" -czf "$BASE" .
  rm -rf "$tmp"
fi

ROOT=$(mktemp -d /var/tmp/camstream-debian.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  for m in "$ROOT/proc" "$ROOT/dev/pts"; do mountpoint -q "$m" && umount -l "$m"; done
  if $KEEP; then echo "left the root file system in $ROOT"; else rm -rf "$ROOT"; fi
}
trap cleanup EXIT
tar -C "$ROOT" -xzf "$BASE"
mount -t proc proc "$ROOT/proc"
mkdir -p "$ROOT/dev/pts" && mount -t devpts devpts "$ROOT/dev/pts"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive /bin/bash -c "$1"; }
# The Pi's own user, whose home gets the jar and the clone.
in_root "useradd --create-home --shell /bin/bash pi"

step "on the device: sudo apt install default-jre-headless git"
if in_root "apt-get update -q >/dev/null && apt-get install -y -q default-jre-headless git >/tmp/apt.log 2>&1"; then
  pass "apt install default-jre-headless git: $(in_root 'java -version 2>&1 | head -1')"
else
  fail "apt install: $(tail -5 "$ROOT/tmp/apt.log")"; exit 1
fi

step "git clone, and the jar built elsewhere copied to ~pi (the README's scp)"
# cloned from this machine's repository: the committed state, as a user would get it
git -c safe.directory="*" clone -q --no-local "$REPO" "$ROOT/home/pi/camstream"
cp "$JAR" "$ROOT/home/pi/camstream.jar"
in_root "chown -R pi:pi /home/pi"
pass "clone at $(git -c safe.directory="*" -C "$ROOT/home/pi/camstream" log --oneline -1 | cut -c1-60), jar $(stat -c %s "$JAR") bytes"

step "sudo docker/install.sh --jar ~/camstream.jar"
if out=$(in_root "cd /home/pi/camstream && docker/install.sh --jar /home/pi/camstream.jar" 2>&1); then
  pass "install.sh: $(echo "$out" | tr '\n' ' ' | cut -c1-300)"
else
  fail "install.sh: $out"; exit 1
fi
check_file() { if [ -e "$ROOT$1" ]; then pass "$1 $2"; else fail "no $1 ($2)"; fi; }
check_file /opt/camstream/camstream.jar "the jar"
check_file /etc/camstream/config.json "the configuration"
check_file /etc/default/camstream "JAVA_OPTS and CAMSTREAM_ARGS"
check_file /etc/systemd/system/camstream.service "the unit"
check_file /usr/local/bin/camstream "the command"
check_file /var/cache/camstream "the native-library cache"
groups=$(in_root "id -nG camstream")
if [ "$(echo "$groups" | tr ' ' '\n' | sort | tr '\n' ' ')" = "camstream dialout gpio spi video " ]; then
  pass "user camstream in groups $groups"
else
  fail "user camstream's groups: $groups"
fi

# The unit's Environment= lines, then its EnvironmentFile, then ExecStart, the way systemd
# expands it ($VAR split on spaces), as User= and SupplementaryGroups= in WorkingDirectory=.
UNIT="$ROOT/etc/systemd/system/camstream.service"
step "the server started as camstream.service's ExecStart starts it"
echo "CAMSTREAM_SERVER_PORT=$PORT" >>"$ROOT/etc/default/camstream"   # a free port on this machine
envs=$(sed -n 's/^Environment=//p' "$UNIT" | sed 's/^"\(.*\)"$/\1/' | sed "s/^\([A-Z_]*\)=\(.*\)$/export \1='\2'/")
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
workdir=$(sed -n 's/^WorkingDirectory=//p' "$UNIT")
user=$(sed -n 's/^User=//p' "$UNIT")
runner="$envs
set -a; . /etc/default/camstream; set +a
cd $workdir
exec setpriv --reuid=$user --regid=$user --init-groups -- $exec_start"
printf '%s\n' "$runner" >"$ROOT/tmp/execstart.sh"
# start_server LOG: as the unit would; returns once /health answers 200 (or fails the check)
start_server() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /bin/bash /tmp/execstart.sh \
    >"$ROOT/tmp/$1" 2>&1 &
  server_pid=$!
  local up=false
  for _ in $(seq 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")" = 200 ]; then up=true; break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  if $up; then
    pass "/health 200 on port $PORT ($(grep -o 'camstream listening on.*' "$ROOT/tmp/$1" | head -1))"
  else
    fail "the server did not answer /health: $(tail -20 "$ROOT/tmp/$1")"; exit 1
  fi
}
# stop_server: SIGTERM as systemctl stop sends it; the unit counts 143 as success
stop_server() {
  local stop_timeout started status=0 took
  stop_timeout=$(sed -n 's/^TimeoutStopSec=//p' "$UNIT")
  kill -TERM "$server_pid"
  started=$(date +%s)
  wait "$server_pid" || status=$?
  server_pid=""
  took=$(( $(date +%s) - started ))
  if [ "$status" = 143 ] && [ "$took" -le "$stop_timeout" ]; then
    pass "SIGTERM: exit status 143 (SuccessExitStatus=143) after ${took} s (TimeoutStopSec=$stop_timeout)"
  else
    fail "SIGTERM: exit status $status after ${took} s"
  fi
}

start_server first-start.log
if grep -q 'password' "$ROOT/tmp/first-start.log"; then
  pass "first start prints where the admin password is: $(grep -o 'created the first user.*' "$ROOT/tmp/first-start.log" | head -1 | cut -c1-160)"
else
  fail "no admin password on the console (journalctl would show the console)"
fi
if users=$(in_root "cd / && camstream user list" 2>&1) && echo "$users" | grep -q admin; then
  pass "sudo camstream user list (from /) finds the service's users: $(echo "$users" | tr '\n' ' ' | cut -c1-120)"
else
  fail "camstream user list: $users"
fi
stop_server

step "a restart (systemctl restart): OpenCV from the cache, a picture with an API token"
token=$(in_root "cd / && camstream user token admin" 2>"$ROOT/tmp/token.err" | awk '{w=$NF} END {print w}') || true
core=$(ls "$ROOT"/var/cache/camstream/javacpp/*/org/bytedeco/opencv/*/libopencv_core.so.* 2>/dev/null | head -1)
before=$( [ -n "$core" ] && stat -c %Z "$core" )
start_server restart.log
code=$(curl -s -o "$ROOT/tmp/frame.jpg" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/frame.jpg")
if [ "$code" = 200 ] && [ "$(head -c 2 "$ROOT/tmp/frame.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ]; then
  pass "a JPEG from /frame.jpg with a token from \`sudo camstream user token admin\` (OpenCV drew and encoded it)"
else
  fail "/frame.jpg answered $code (token: $(cat "$ROOT/tmp/token.err"))"
fi
core=$(ls "$ROOT"/var/cache/camstream/javacpp/*/org/bytedeco/opencv/*/libopencv_core.so.* 2>/dev/null | head -1)
if [ -n "$core" ]; then
  pass "OpenCV unpacked into the unit's CacheDirectory, /var/cache/camstream/javacpp ($(du -sh "$ROOT/var/cache/camstream/javacpp" | cut -f1))"
  if [ -n "$before" ] && [ "$(stat -c %Z "$core")" = "$before" ]; then
    pass "the restart loaded it from there without unpacking again"
  elif [ -n "$before" ]; then
    fail "the restart unpacked libopencv_core again"
  fi
else
  fail "nothing unpacked in /var/cache/camstream/javacpp"
fi
stop_server

step "sudo docker/install.sh --uninstall"
in_root "cd /home/pi/camstream && docker/install.sh --uninstall" >/dev/null
if [ ! -e "$ROOT/opt/camstream" ] && ! grep -q '^camstream:' "$ROOT/etc/passwd" && [ -d "$ROOT/var/lib/camstream/media" ] \
  && [ -f "$ROOT/etc/camstream/config.json" ]; then
  pass "uninstall removed the jar and the user, kept media and config"
else
  fail "uninstall left: $(ls "$ROOT/opt" "$ROOT/var/lib/camstream" 2>&1 | tr '\n' ' ')"
fi

if $BUILD; then
  step "the build on the device: sudo apt install default-jdk-headless maven git; mvn -B -q package -DskipTests"
  if in_root "apt-get install -y -q default-jdk-headless maven >/tmp/apt-jdk.log 2>&1"; then
    pass "apt install default-jdk-headless maven: $(in_root 'javac -version 2>&1')"
  else
    fail "apt install of the JDK: $(tail -5 "$ROOT/tmp/apt-jdk.log")"
  fi
  if [ -n "$M2" ]; then
    mkdir -p "$ROOT/home/pi/.m2/repository" && cp -a "$M2/." "$ROOT/home/pi/.m2/repository/"
    echo "(the device user's Maven repository seeded from $M2)"
  fi
  started=$(date +%s)
  if in_root "chown -R pi:pi /home/pi && su pi -c 'cd ~/camstream && mvn -B -q package -DskipTests' >/tmp/mvn.log 2>&1"; then
    pass "mvn -B -q package -DskipTests as pi: $(stat -c %s "$ROOT/home/pi/camstream/target/camstream.jar") bytes in $(( $(date +%s) - started )) s"
  else
    fail "mvn package on the device: $(grep -m8 -E "ERROR|WARN" "$ROOT/tmp/mvn.log")"
  fi
  if in_root "cd /home/pi/camstream && docker/install.sh" >/dev/null && [ -f "$ROOT/opt/camstream/camstream.jar" ]; then
    pass "sudo docker/install.sh with the jar built there"
  else
    fail "install.sh after the build"
  fi
fi

step "systemd-analyze verify docker/camstream.service (on this machine)"
if command -v systemd-analyze >/dev/null; then
  if out=$(systemd-analyze verify "$REPO/docker/camstream.service" 2>&1); then
    pass "systemd-analyze verify: no complaints${out:+ ($out)}"
  else
    fail "systemd-analyze verify: $out"
  fi
else
  echo "SKIP no systemd-analyze on this machine"
fi

echo
if [ "$failures" = 0 ]; then echo "all checks passed"; else echo "$failures check(s) failed"; exit 1; fi
