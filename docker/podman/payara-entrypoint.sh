#!/bin/sh
# Stand-in entrypoint with the official payara/micro image's behaviour: the JVM takes its heap
# as a share of the container's memory, then JVM_ARGS, then the container's arguments go to Payara Micro.
set -e
exec java -XX:MaxRAMPercentage="${MEM_MAX_RAM_PERCENTAGE}" -Xss"${MEM_XSS}" -XX:+UseContainerSupport ${JVM_ARGS} -jar payara-micro.jar "$@"
