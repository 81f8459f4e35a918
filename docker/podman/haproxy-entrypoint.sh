#!/bin/sh
# Stand-in entrypoint with the official haproxy image's behaviour: options alone run haproxy
# with them; haproxy runs master-worker (-W) in the foreground (-db).
set -e
if [ "${1#-}" != "$1" ]; then
    set -- haproxy "$@"
fi
if [ "$1" = haproxy ]; then
    shift
    set -- haproxy -W -db "$@"
fi
exec "$@"
