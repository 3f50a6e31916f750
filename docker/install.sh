#!/bin/sh
# Installs camstream as a systemd service on Debian / Raspberry Pi OS, without Docker.
#
#   mvn -B -q package -DskipTests -Prelease   # on a PC with a JDK, or the Pi itself (then no -Prelease)
#   sudo docker/install.sh                  # install or update, then (re)start the service
#   sudo docker/install.sh --jar FILE       # the same with a jar built elsewhere
#   sudo docker/install.sh --uninstall      # remove the service, jar and user; keep media and config
#   sudo docker/install.sh --uninstall --purge   # also delete media, config and logs
#
# Options: --jar FILE (default target/camstream.jar), --root DIR (install into a mounted
# system image or test tree instead of /: nothing is started), --no-start.
# Running it again updates the jar and the unit and keeps the config and the media.
# Layout: /opt/camstream/camstream.jar, /etc/camstream/config.json (yours to edit),
# /etc/default/camstream (JAVA_OPTS, CAMSTREAM_ARGS), /var/lib/camstream/media,
# /var/log/camstream, /var/cache/camstream (unpacked native libraries), user camstream in
# groups video, spi, gpio, dialout, and the command /usr/local/bin/camstream
# (sudo camstream user ...: the service's users file from anywhere).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar="$repo/target/camstream.jar"
root=""
action=install
purge=false
start=true

while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --jar=*) jar=${1#--jar=}; shift ;;
    --root) root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=true; shift ;;
    --no-start) start=false; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (sudo $0)" >&2
  exit 1
fi

user=camstream
unit=camstream.service
r=${root%/}
# Only a running systemd on the real root is started or stopped; --root edits files only.
live=false
if [ -z "$r" ] && [ -d /run/systemd/system ]; then live=true; fi
rootopt=""
[ -n "$r" ] && rootopt="--root=$r"

say() { echo "camstream: $*"; }

systemctl_offline() {
  if command -v systemctl >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    systemctl $rootopt "$@"
  else
    say "no systemctl here; skipped: systemctl $*"
  fi
}

uninstall() {
  if $live; then
    systemctl disable --now "$unit" 2>/dev/null || true
  else
    systemctl_offline disable "$unit" 2>/dev/null || true
  fi
  rm -f "$r/etc/systemd/system/$unit"
  rm -rf "$r/etc/systemd/system/$unit.d"
  $live && systemctl daemon-reload
  rm -rf "$r/opt/camstream"
  rm -f "$r/usr/local/bin/camstream"
  if getent passwd "$user" >/dev/null 2>&1 || grep -q "^$user:" "$r/etc/passwd" 2>/dev/null; then
    # shellcheck disable=SC2086
    userdel ${r:+--root "$r"} "$user" 2>/dev/null || true
  fi
  if $purge; then
    rm -rf "$r/var/lib/camstream" "$r/var/log/camstream" "$r/var/cache/camstream" "$r/etc/camstream" "$r/etc/default/camstream"
    say "removed, including media, config and logs"
  else
    say "removed; kept $r/var/lib/camstream (media), $r/etc/camstream and $r/etc/default/camstream"
  fi
}

has_group() { grep -q "^$1:" "$r/etc/group"; }

install_java() {
  if [ -x "$r/usr/bin/java" ]; then
    return
  fi
  if [ -n "$r" ]; then
    say "warning: no $r/usr/bin/java; install default-jre-headless (Java 17 or later) in that system"
    return
  fi
  # default-jre-headless: Java 17 on Debian 12 / Pi OS Bookworm, 21 on Debian 13 / Trixie
  say "installing Java (default-jre-headless)"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless
}

install() {
  if [ ! -f "$jar" ]; then
    echo "install.sh: no jar at $jar; build it first (mvn -B -q package -DskipTests, with a JDK) or give --jar FILE" >&2
    exit 1
  fi
  install_java

  # Groups of the devices; Raspberry Pi OS has them all, other systems get the missing
  # ones as system groups (then udev rules or chgrp decide which devices they own).
  groups=""
  for g in video spi gpio dialout; do
    if ! has_group "$g"; then
      # shellcheck disable=SC2086
      groupadd --system ${r:+--root "$r"} "$g"
      say "created group $g"
    fi
    groups="$groups${groups:+,}$g"
  done
  if grep -q "^$user:" "$r/etc/passwd"; then
    # shellcheck disable=SC2086
    usermod ${r:+--root "$r"} --append --groups "$groups" "$user"
  else
    # shellcheck disable=SC2086
    useradd ${r:+--root "$r"} --system --user-group --groups "$groups" \
      --home-dir /var/lib/camstream --no-create-home --shell /usr/sbin/nologin \
      --comment "camstream camera server" "$user"
    say "created user $user"
  fi
  uid=$(grep "^$user:" "$r/etc/passwd" | cut -d: -f3)
  gid=$(grep "^$user:" "$r/etc/group" | cut -d: -f3)

  mkdir -p "$r/opt/camstream" "$r/etc/camstream" "$r/var/lib/camstream/media" "$r/var/log/camstream" \
    "$r/var/cache/camstream" "$r/etc/systemd/system"
  # Replace the jar by rename, so a running service never sees half a file.
  cp "$jar" "$r/opt/camstream/camstream.jar.new"
  chmod 0644 "$r/opt/camstream/camstream.jar.new"
  mv -f "$r/opt/camstream/camstream.jar.new" "$r/opt/camstream/camstream.jar"
  if [ ! -f "$r/etc/camstream/config.json" ]; then
    cp "$repo/conf/config.json" "$r/etc/camstream/config.json"
    chmod 0644 "$r/etc/camstream/config.json"
    say "wrote $r/etc/camstream/config.json (the documented defaults; edit it, then systemctl restart camstream)"
  fi
  if [ ! -f "$r/etc/default/camstream" ]; then
    cat > "$r/etc/default/camstream" <<'EOF'
# Read by camstream.service. Uncomment to change; then: sudo systemctl restart camstream
# More heap on a 2 GB+ board:
#JAVA_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize=64m -Xss512k -XX:+ExitOnOutOfMemoryError"
# Extra command-line options, e.g. the Pi camera and a NeoPixel ring:
#CAMSTREAM_ARGS="--camera pi --light neopixel"
EOF
  fi
  chown -R "$uid:$gid" "$r/var/lib/camstream" "$r/var/log/camstream" "$r/var/cache/camstream"
  chmod 0750 "$r/var/lib/camstream"
  # `sudo camstream user ...` from any folder works on the service's own users file: same
  # user, working folder, --config and environment as camstream.service.
  mkdir -p "$r/usr/local/bin"
  cp "$here/camstream-command.sh" "$r/usr/local/bin/camstream"
  chmod 0755 "$r/usr/local/bin/camstream"
  cp "$here/camstream.service" "$r/etc/systemd/system/$unit"
  chmod 0644 "$r/etc/systemd/system/$unit"

  if $live; then
    systemctl daemon-reload
    systemctl enable "$unit" >/dev/null
    if $start; then
      systemctl restart "$unit"
      say "service started: systemctl status camstream; journalctl -u camstream -f"
    else
      say "service enabled; start it with: systemctl start camstream"
    fi
  else
    systemctl_offline enable "$unit"
    say "installed into ${r:-/} (no running systemd there: enabled for the next boot, not started)"
  fi
}

case $action in
  install) install ;;
  uninstall) uninstall ;;
esac
