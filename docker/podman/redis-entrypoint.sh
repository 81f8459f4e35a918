#!/bin/sh
# Stand-in entrypoint with the official redis image's behaviour: options alone (or a .conf file
# first) run redis-server with them; started as root, it hands the working directory (/data)
# to user redis and runs as that user; umask 0077. The official image builds Redis with
# protected mode off (the container's network is the boundary); Debian's is on by default, so
# it is turned off here, before the container's own options, which may turn it on again.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
    shift
    if [ "${1%.conf}" != "${1:-}" ] && [ -n "${1:-}" ]; then
        conf=$1; shift
        set -- redis-server "$conf" --protected-mode no "$@"
    else
        set -- redis-server --protected-mode no "$@"
    fi
fi
if [ "$(umask)" = 0022 ]; then
    umask 0077
fi
exec "$@"
