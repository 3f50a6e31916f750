#!/bin/sh
# camstream's commands (user, db, config) with the settings of camstream.service, from any
# folder: sudo camstream user list. Written by docker/install.sh.
set -e
cd /var/lib/camstream
CAMSTREAM_MEDIA_DIR=/var/lib/camstream/media
CAMSTREAM_LOG_DIR=/var/log/camstream
set -a
[ -r /etc/default/camstream ] && . /etc/default/camstream
set +a
export CAMSTREAM_MEDIA_DIR CAMSTREAM_LOG_DIR
if [ "$(id -un)" = camstream ]; then
  exec java -Xmx96m -XX:+UseSerialGC -Dorg.bytedeco.javacpp.cachedir=/var/cache/camstream/javacpp \
    -jar /opt/camstream/camstream.jar --config /etc/camstream/config.json "$@"
fi
if [ "$(id -u)" != 0 ]; then
  echo "camstream: run it with sudo (sudo camstream $*): it works as the service's user camstream" >&2
  exit 1
fi
exec setpriv --reuid=camstream --regid=camstream --init-groups -- "$0" "$@"
