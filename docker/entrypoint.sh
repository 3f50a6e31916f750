#!/bin/sh
# exec: java replaces this shell, so it is the process `docker stop` signals and its
# SIGTERM shutdown (recordings finalised, devices closed) runs. Arguments are camstream
# options, e.g. --camera usb:/dev/video0 --light neopixel.
# The JavaCPP cache is on the volume "cache": it outlives the container, and JavaCPP checks
# each library's size and time against the jar, so an image update unpacks only what changed.
# Before $JAVA_OPTS, so a JAVA_OPTS of one's own keeps it (and can still override it).
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
exec java -Dorg.bytedeco.javacpp.cachedir=/var/lib/camstream/cache/javacpp $JAVA_OPTS \
  -jar /opt/camstream/camstream.jar "$@"
