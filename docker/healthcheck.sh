#!/bin/bash
# Container health without curl or wget in the image: one HTTP/1.0 GET /health over
# bash's /dev/tcp. The server listens on CAMSTREAM_SERVER_PORT (5000 unless set).
exec 3<>"/dev/tcp/127.0.0.1/${CAMSTREAM_SERVER_PORT:-5000}" || exit 1
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r -t 5 _ status _ <&3 || exit 1
[ "$status" = 200 ]
