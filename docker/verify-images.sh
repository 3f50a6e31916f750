#!/bin/bash
# Builds and checks the camstream container images on a Debian machine without Docker:
# local stand-ins for the base images, buildah builds for amd64 and arm64, the amd64
# image run under podman (health, streaming, memory, user, SIGTERM), the arm64 image run
# under qemu (OpenCV natives load and encode). Run as root from anywhere:
#
#   sudo docker/verify-images.sh            # everything; base images are made once
#   sudo docker/verify-images.sh --rebuild-bases
#
# Slow steps: debootstrap (about 1 min amd64, 3-5 min arm64 under qemu), two image
# builds (Maven downloads the dependencies into a build cache the first time), and the
# arm64 start under emulation. Not for CI.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/var/tmp/camstream-verify}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
HOST_PORT=${HOST_PORT:-18080}
# The names the Dockerfile's FROM lines use; here they are Debian stand-ins made below.
JRE_IMAGE=docker.io/library/eclipse-temurin:17-jre
MAVEN_IMAGE=docker.io/library/maven:3.9-eclipse-temurin-17
APP=localhost/camstream
REBUILD_BASES=false
[ "${1:-}" = "--rebuild-bases" ] && REBUILD_BASES=true

RESULTS=()
FAILED=0
step() { printf '\n== %s\n' "$*"; }
pass() { echo "PASS: $*"; RESULTS+=("PASS  $*"); }
fail() { echo "FAIL: $*"; RESULTS+=("FAIL  $*"); FAILED=1; }
note() { echo "NOTE: $*"; RESULTS+=("NOTE  $*"); }

summary() {
  printf '\n== summary\n'
  printf '%s\n' "${RESULTS[@]}"
  [ "$FAILED" = 0 ] && echo "ALL CHECKS PASSED" || echo "SOME CHECKS FAILED"
}

cleanup() {
  podman rm -f -i -v -t 0 camstream-verify-amd64 camstream-verify-init camstream-verify-fifo camstream-verify-arm64 >/dev/null 2>&1 || true
  [ -n "${VIEWERS:-}" ] && kill $VIEWERS 2>/dev/null || true
  [ -n "${FEEDER:-}" ] && kill -- -"$FEEDER" 2>/dev/null || true
}
trap cleanup EXIT

setup_host() {
  step "host tools"
  local need=()
  for p in buildah podman runc debootstrap qemu-user-static binfmt-support curl python3-yaml; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  fi
  mkdir -p "$WORK"
  # crun refuses hybrid cgroup hosts and containers may not raise their limits in some
  # sandboxes: runc with fixed ulimits works in both. Kept in our own file, /etc untouched.
  cat > "$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
  export CONTAINERS_CONF="$WORK/containers.conf"
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
  if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && grep -q enabled /proc/sys/fs/binfmt_misc/qemu-aarch64; then
    pass "qemu-aarch64 binfmt handler enabled"
  else
    fail "qemu-aarch64 binfmt handler not enabled"
  fi
}

# debootstrap a minimal Debian with the given packages; arm64 on an amd64 host runs the
# second stage under qemu.
make_rootfs() {
  local arch=$1 dir=$2 packages=$3
  rm -rf "$dir"
  if [ "$arch" = "$(dpkg --print-architecture)" ]; then
    debootstrap --variant=minbase --arch="$arch" --include="$packages" "$SUITE" "$dir" "$MIRROR"
  else
    debootstrap --variant=minbase --arch="$arch" --foreign --include="$packages" "$SUITE" "$dir" "$MIRROR"
    cp /usr/bin/qemu-aarch64-static "$dir/usr/bin/"
    chroot "$dir" /debootstrap/debootstrap --second-stage
    rm -f "$dir/usr/bin/qemu-aarch64-static"
  fi
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin
}

# Adds packages to a copy of a made rootfs (the Maven stand-in on top of the JRE one).
extend_rootfs() {
  local from=$1 dir=$2 packages=$3
  rm -rf "$dir"
  cp -a "$from" "$dir"
  mount -t proc proc "$dir/proc"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  echo "deb $MIRROR $SUITE main" > "$dir/etc/apt/sources.list"
  chroot "$dir" apt-get update -q
  DEBIAN_FRONTEND=noninteractive chroot "$dir" apt-get install -y -q --no-install-recommends $packages || { umount "$dir/proc"; return 1; }
  umount "$dir/proc"
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin
}

# Commits a rootfs folder as an image with buildah from scratch.
commit_rootfs() {
  local dir=$1 name=$2 arch=$3
  local ctr mnt
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  tar -C "$dir" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . | tar -C "$mnt" -xpf -
  buildah umount "$ctr" >/dev/null
  buildah config --os linux --arch "$arch" \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=C.UTF-8 --cmd /bin/bash "$ctr"
  buildah commit --rm -q "$ctr" "$name" >/dev/null
}

make_bases() {
  step "local base images (Debian $SUITE stand-ins for $JRE_IMAGE and $MAVEN_IMAGE)"
  local jre_amd=localhost/camstream-base/jre:amd64 jre_arm=localhost/camstream-base/jre:arm64
  if $REBUILD_BASES || ! buildah inspect "$jre_amd" >/dev/null 2>&1; then
    make_rootfs amd64 "$WORK/rootfs-jre-amd64" openjdk-17-jre-headless
    commit_rootfs "$WORK/rootfs-jre-amd64" "$jre_amd" amd64
  fi
  if $REBUILD_BASES || ! buildah inspect "$MAVEN_IMAGE" >/dev/null 2>&1; then
    [ -d "$WORK/rootfs-jre-amd64" ] || make_rootfs amd64 "$WORK/rootfs-jre-amd64" openjdk-17-jre-headless
    extend_rootfs "$WORK/rootfs-jre-amd64" "$WORK/rootfs-maven-amd64" "openjdk-17-jdk-headless maven"
    commit_rootfs "$WORK/rootfs-maven-amd64" "$MAVEN_IMAGE" amd64
  fi
  if $REBUILD_BASES || ! buildah inspect "$jre_arm" >/dev/null 2>&1; then
    make_rootfs arm64 "$WORK/rootfs-jre-arm64" openjdk-17-jre-headless
    commit_rootfs "$WORK/rootfs-jre-arm64" "$jre_arm" arm64
  fi
  local a
  for a in amd64 arm64; do
    if [ "$(buildah inspect --format '{{.OCIv1.Architecture}}' "localhost/camstream-base/jre:$a")" = "$a" ]; then
      pass "base image jre:$a made ($(podman image inspect --format '{{.Size}}' "localhost/camstream-base/jre:$a" | numfmt --to=iec))"
    else
      fail "base image jre:$a has the wrong architecture"
    fi
  done
}

build_images() {
  local arch
  # Maven in the build stage trusts what this machine's Java trusts (a TLS-inspecting
  # proxy's CA added locally, for example); the stand-in images have Debian's CAs only.
  TRUST=()
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1 && [ -f /etc/ssl/certs/java/cacerts ]; then
    TRUST=(-v /etc/ssl/certs/java/cacerts:/etc/ssl/certs/java/cacerts:ro)
  fi
  for arch in amd64 arm64; do
    step "build $APP:$arch with buildah (FROM $JRE_IMAGE = the local $arch stand-in)"
    buildah tag "localhost/camstream-base/jre:$arch" "$JRE_IMAGE"
    local t0=$SECONDS
    # --layers reuses unchanged steps on a rerun; --format docker keeps HEALTHCHECK (the
    # OCI format has none); --network host lets Maven reach Maven Central without
    # CNI/netavark set up.
    # BUILDPLATFORM is given because buildah 1.28 (Debian 12) does not predefine it for FROM.
    if buildah bud --layers --pull=never --format docker --runtime runc --network host "${TRUST[@]}" \
        --build-arg "BUILDPLATFORM=linux/$(dpkg --print-architecture)" --platform "linux/$arch" -f "$REPO/docker/Dockerfile" -t "$APP:$arch" "$REPO"; then
      pass "$APP:$arch built in $((SECONDS - t0)) s ($(podman image inspect --format '{{.Size}}' "$APP:$arch" | numfmt --to=iec))"
    else
      fail "$APP:$arch did not build"
      continue
    fi
    check_natives "$arch"
  done
}

# The jar in each image carries the natives of its own platform and no other.
check_natives() {
  local arch=$1 own other ctr mnt list
  case $arch in amd64) own=linux-x86_64 other=linux-arm64 ;; arm64) own=linux-arm64 other=linux-x86_64 ;; esac
  ctr=$(buildah from --pull=never "$APP:$arch")
  mnt=$(buildah mount "$ctr")
  list=$(cd "$WORK" && jar tf "$mnt/opt/camstream/camstream.jar" | grep -E '\.so(\.[0-9]+)*$' || true)
  buildah rm "$ctr" >/dev/null
  local epoll_own epoll_other sqlite_own
  case $arch in amd64) epoll_own=x86_64 epoll_other=aarch_64 sqlite_own=Linux/x86_64 ;;
    arm64) epoll_own=aarch_64 epoll_other=x86_64 sqlite_own=Linux/aarch64 ;; esac
  # diozero ships every platform's small helpers (a few KB each) and picks one itself.
  if echo "$list" | grep -q "org/bytedeco/opencv/$own/" && echo "$list" | grep -q "org/bytedeco/openblas/$own/" \
      && ! echo "$list" | grep -q "org/bytedeco/.*/$other/" \
      && echo "$list" | grep -q "netty_transport_native_epoll_$epoll_own" \
      && ! echo "$list" | grep -q "netty_transport_native_epoll_$epoll_other" \
      && [ "$(echo "$list" | grep 'org/sqlite/native/')" = "org/sqlite/native/$sqlite_own/libsqlitejdbc.so" ]; then
    pass "$arch jar: OpenCV/OpenBLAS/JavaCPP natives of $own only ($(echo "$list" | grep -c "org/bytedeco/.*/$own/") files), Netty epoll $epoll_own only, SQLite $sqlite_own only"
  else
    fail "$arch jar natives wrong: $(echo "$list" | grep -E 'org/bytedeco|netty|org/sqlite' | sed 's|/[^/]*$||' | sort -u | tr '\n' ' ')"
  fi
}

wait_health() {
  local url=$1 deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    curl -fsS --max-time 5 "$url/health" 2>/dev/null && return 0
    sleep 2
  done
  return 1
}

# Stops a container the way docker/podman stop does and checks the JVM ran its shutdown.
check_stop() {
  local name=$1 t0 elapsed code
  t0=$(date +%s%N)
  podman stop -t 25 "$name" >/dev/null
  elapsed=$(( ($(date +%s%N) - t0) / 1000000 ))
  code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
  if [ "$code" = 143 ] && podman logs "$name" 2>&1 | grep -q 'camstream stopping' \
      && ! podman logs "$name" 2>&1 | grep -q 'shutdown took over'; then
    pass "$name: podman stop (SIGTERM) -> clean shutdown in $elapsed ms (exit 143, not SIGKILL)"
  else
    fail "$name: stop took $elapsed ms, exit code $code"
    podman logs --tail 20 "$name" 2>&1 | sed 's/^/    /'
  fi
}

check_amd64() {
  step "run $APP:amd64 under podman"
  if ! podman image exists "$APP:amd64"; then fail "no image $APP:amd64 to run"; return; fi
  local name=camstream-verify-amd64 url=http://127.0.0.1:$HOST_PORT pid i rss hwm parts
  podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
  podman run -d --pull=never --name "$name" -p "$HOST_PORT:5000" \
      -e CAMSTREAM_CAMERA_SOURCE=test -e CAMSTREAM_LIGHT_TYPE=simulated "$APP:amd64" >/dev/null
  if wait_health "$url" 120 >/dev/null; then
    pass "amd64 /health answers 200: $(curl -s "$url/health")"
  else
    fail "amd64 /health did not answer within 120 s"
    podman logs --tail 30 "$name" 2>&1 | sed 's/^/    /'
    return
  fi
  if podman healthcheck run "$name" >/dev/null 2>&1; then
    pass "image HEALTHCHECK (bash /dev/tcp, no curl in the image) reports healthy"
  else
    fail "image HEALTHCHECK failed"
  fi
  [ "$(podman exec "$name" cat /proc/1/comm)" = java ] && pass "java is PID 1 in the container" || fail "PID 1 is $(podman exec "$name" cat /proc/1/comm)"
  local who; who=$(podman exec "$name" id)
  if echo "$who" | grep -q 'uid=1000(camstream)' && echo "$who" | grep -q '44(video)' && echo "$who" | grep -q '20(dialout)' \
      && echo "$who" | grep -q '997(gpio)' && echo "$who" | grep -q '999(spi)'; then
    pass "runs as $who"
  else
    fail "user: $who"
  fi

  curl -s --max-time 6 "$url/video_feed" -o "$WORK/feed.bin" || true
  curl -s --max-time 10 "$url/frame.jpg" -o "$WORK/amd64.jpg" || true
  parts=$(grep -ac 'Content-Type: image/jpeg' "$WORK/feed.bin" || true)
  if [ "${parts:-0}" -ge 5 ]; then
    pass "amd64 /video_feed streamed $parts JPEG parts in 6 s ($(stat -c %s "$WORK/feed.bin") bytes)"
  else
    fail "amd64 /video_feed gave ${parts:-0} parts"
  fi

  # Memory with three viewers streaming 1280x720 at 30 fps for 40 s, sampled from /proc.
  pid=$(podman inspect --format '{{.State.Pid}}' "$name")
  VIEWERS=""
  for i in 1 2 3; do
    curl -s --max-time 45 "$url/video_feed" -o "$WORK/viewer$i.bin" & VIEWERS="$VIEWERS $!"
  done
  rss=0
  for i in $(seq 1 8); do
    sleep 5
    local now; now=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    [ "$now" -gt "$rss" ] && rss=$now
  done
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  wait $VIEWERS 2>/dev/null || true
  VIEWERS=""
  local got; got=$(cat "$WORK"/viewer?.bin | grep -ac 'Content-Type: image/jpeg' || true)
  note "RSS of the java process with 3 viewers of the 1280x720 test pattern for 40 s: max sampled VmRSS $((rss / 1024)) MiB, peak VmHWM $((hwm / 1024)) MiB ($got parts delivered in total)"
  # The light (simulated here) is set, the container stopped and started again: the state
  # kept in the media volume comes back.
  curl -s -o /dev/null "$url/set_color?value=FF8800"
  curl -s -o /dev/null "$url/light?status=false"
  local before; before=$(curl -s "$url/api/light")
  check_stop "$name"
  podman logs "$name" 2>&1 | grep -E 'stopping|ERROR|WARN' | sed 's/^/    log: /' | tail -8
  podman start "$name" >/dev/null
  if wait_health "$url" 120 >/dev/null; then
    local after; after=$(curl -s "$url/api/light")
    if [ "$after" = "$before" ] && echo "$after" | grep -qi 'ff8800'; then
      pass "light state kept across stop/start in the media volume: $after"
    else
      fail "light state before stop $before, after start $after"
    fi
  else
    fail "amd64 container did not come back after podman start"
  fi
  check_stop "$name"
}

# compose.yaml runs the image with init: true (an init process as PID 1 that forwards
# signals to java and reaps helper processes); podman's --init does the same.
check_amd64_init() {
  step "run $APP:amd64 with --init, as compose.yaml does"
  if ! podman image exists "$APP:amd64"; then fail "no image $APP:amd64 to run"; return; fi
  local name=camstream-verify-init url=http://127.0.0.1:$((HOST_PORT + 2))
  podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
  podman run -d --pull=never --init --name "$name" -p "$((HOST_PORT + 2)):5000" \
      -e CAMSTREAM_CAMERA_SOURCE=test "$APP:amd64" >/dev/null
  if wait_health "$url" 120 >/dev/null; then
    curl -s --max-time 3 "$url/video_feed" -o /dev/null || true
    pass "with --init: PID 1 is $(podman exec "$name" cat /proc/1/comm), java is a child: /health answers"
    check_stop "$name"
  else
    fail "with --init: /health did not answer"
  fi
  podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
}

# The Pi camera path of compose.yaml without a Pi: a host process writes M-JPEG into a
# FIFO (group video, 0660) as camstream-rpicam.service's rpicam-vid does, the container
# reads it with the pipe source. Releasing the camera must end the writer (SIGPIPE), and
# the next viewer must get pictures from the writer started again.
check_fifo_feed() {
  step "Pi camera path: host FIFO feed read by the container's pipe source"
  if ! podman image exists "$APP:amd64" || [ ! -s "$WORK/amd64.jpg" ]; then fail "FIFO check needs the amd64 image and a frame"; return; fi
  local name=camstream-verify-fifo url=http://127.0.0.1:$((HOST_PORT + 3)) run=$WORK/run
  rm -rf "$run" && mkdir -p "$run" && mkfifo -m 0660 "$run/camera.mjpeg"
  chgrp 44 "$run" "$run/camera.mjpeg" && chmod 0750 "$run"
  rm -f "$WORK/feeder.opens"
  # Like systemd's Restart=always around rpicam-vid: open, write pictures until the
  # reader goes away, start again.
  setsid bash -c 'while :; do ( echo open >> "$0.opens"; while cat "$1" && sleep 0.05; do :; done ) > "$2"; done' \
      "$WORK/feeder" "$WORK/amd64.jpg" "$run/camera.mjpeg" &
  FEEDER=$!
  podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
  podman run -d --pull=never --name "$name" -p "$((HOST_PORT + 3)):5000" -v "$run:/run/camstream" \
      -e CAMSTREAM_CAMERA_SOURCE="pipe:exec cat /run/camstream/camera.mjpeg" "$APP:amd64" >/dev/null
  if ! wait_health "$url" 120 >/dev/null; then fail "FIFO container: /health did not answer"; return; fi
  curl -s --max-time 5 "$url/video_feed" -o "$WORK/fifo1.bin" || true
  local first; first=$(grep -ac 'Content-Type: image/jpeg' "$WORK/fifo1.bin" || true)
  sleep 6   # camera.idleReleaseSeconds (2) and the reader's exit
  curl -s --max-time 5 "$url/video_feed" -o "$WORK/fifo2.bin" || true
  local second opens; second=$(grep -ac 'Content-Type: image/jpeg' "$WORK/fifo2.bin" || true)
  opens=$(wc -l < "$WORK/feeder.opens" 2>/dev/null || echo 0)
  if [ "${first:-0}" -ge 3 ] && [ "${second:-0}" -ge 3 ] && [ "$opens" -ge 2 ]; then
    pass "FIFO feed: $first then $second parts; the writer was released and reopened ($opens opens)"
  else
    fail "FIFO feed: $first / $second parts, $opens opens"
    podman logs --tail 15 "$name" 2>&1 | sed 's/^/    /'
  fi
  podman rm -f -v -t 20 "$name" >/dev/null 2>&1 || true
  kill -- -"$FEEDER" 2>/dev/null || true
  FEEDER=""
}

check_arm64() {
  step "run $APP:arm64 under qemu emulation"
  if ! podman image exists "$APP:arm64"; then fail "no image $APP:arm64 to run"; return; fi
  local name=camstream-verify-arm64 url=http://127.0.0.1:$((HOST_PORT + 1))
  podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
  podman run -d --pull=never --name "$name" -p "$((HOST_PORT + 1)):5000" \
      -e CAMSTREAM_CAMERA_SOURCE=test -e CAMSTREAM_SERVER_INSTANCES=1 "$APP:arm64" >/dev/null
  [ "$(podman exec "$name" uname -m 2>/dev/null)" = aarch64 ] && pass "arm64 container runs aarch64 code (qemu)" || fail "arm64 container is not aarch64"
  local t0=$SECONDS
  if wait_health "$url" 400 >/dev/null; then
    pass "arm64 /health answers 200 under emulation, $((SECONDS - t0)) s after start"
  else
    fail "arm64 /health did not answer within 400 s"
    podman logs --tail 30 "$name" 2>&1 | sed 's/^/    /'
    return
  fi
  local deadline=$((SECONDS + 240))
  while [ $SECONDS -lt $deadline ]; do
    curl -s --max-time 60 "$url/frame.jpg" -o "$WORK/arm64.jpg" || true
    podman logs "$name" 2>&1 | grep -q 'camera streaming: ' && break
    sleep 3
  done
  if podman logs "$name" 2>&1 | grep -q 'camera streaming: ' && [ "$(head -c 2 "$WORK/arm64.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ]; then
    pass "arm64 OpenCV natives load and encode: $(podman logs "$name" 2>&1 | grep -o 'camera streaming: .*' | head -1); /frame.jpg is a $(stat -c %s "$WORK/arm64.jpg")-byte JPEG"
  else
    fail "arm64 camera did not stream"
    podman logs --tail 30 "$name" 2>&1 | sed 's/^/    /'
  fi
  check_stop "$name"
}

# The compose files parse, the base one needs only the camera (Docker refuses to start on a
# missing device), and each light override adds its one device. With a compose tool
# present, it merges them as `docker compose -f compose.yaml -f ...` would.
check_compose() {
  step "compose files: camera only by default, lights as override files"
  local d=$REPO/docker f tool=""
  if python3 - "$d" <<'PY'
import sys, yaml
d = sys.argv[1]
def svc(name):
    return yaml.safe_load(open(f"{d}/{name}"))["services"]["camstream"]
base = svc("compose.yaml")
assert base["devices"] == ["/dev/video0"], base["devices"]
assert svc("compose.neopixel.yaml")["devices"] == ["/dev/spidev0.0"]
assert svc("compose.trinket.yaml")["devices"] == ["/dev/serial0"]
PY
  then
    pass "compose.yaml lists only /dev/video0; compose.neopixel.yaml adds /dev/spidev0.0, compose.trinket.yaml /dev/serial0"
  else
    fail "compose files do not parse or list other devices"
  fi
  if docker compose version >/dev/null 2>&1; then tool="docker compose"
  elif command -v podman-compose >/dev/null 2>&1; then tool=podman-compose; fi
  if [ -z "$tool" ]; then
    note "no docker compose or podman-compose here: the files were checked with python3-yaml only"
    return
  fi
  for f in compose.neopixel.yaml compose.trinket.yaml; do
    if (cd "$d" && $tool -f compose.yaml -f "$f" config >/dev/null); then
      pass "$tool merges compose.yaml with $f"
    else
      fail "$tool cannot merge compose.yaml with $f"
    fi
  done
}

setup_host
# STEPS="build_images check_amd64" reruns only some steps.
for s in ${STEPS:-check_compose make_bases build_images check_amd64 check_amd64_init check_fifo_feed check_arm64}; do
  "$s"
done
summary
[ "$FAILED" = 0 ]
