#!/usr/bin/env bash
# Install the system packages the tests use (Java for HermiT and the OWL API check,
# Debian's Chromium for browser tests, the OWL API jars, Debian's Virtuoso 7.2 for the
# portability tests, which start their own instance), only those that are missing.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/share/java/owlapi*.jar >/dev/null 2>&1 || need+=(libowlapi-java)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
