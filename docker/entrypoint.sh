#!/bin/sh
# exec: java replaces this shell, so it is the process `docker stop` signals and its
# SIGTERM shutdown (recordings finalised, devices closed) runs. Arguments are camstream
# options, e.g. --camera usb:/dev/video0 --light neopixel.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
exec java $JAVA_OPTS -jar /opt/camstream/camstream.jar "$@"
