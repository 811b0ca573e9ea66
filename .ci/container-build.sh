#!/usr/bin/env bash
# npm run container:check — builds the container image on a machine with podman but no container
# registry and no way to run containers (as in CI here), then proves the image's server answers
# /api/health by running it in a chroot of the mounted image. Steps:
#   1. the base image (FROM debian:bookworm-slim) made locally with debootstrap, cached;
#   2. podman build --isolation=chroot;
#   3. podman image mount + chroot: the image's command (node server.js), embedded mode;
#   4. GET /api/health must answer 200, and so must the image's HEALTHCHECK command; the
#      image's simulator entry (node arm-simulator.mjs, as compose.yaml runs it) must serve HTTPS;
#   5. clean-up (server stopped, mounts undone) on every exit path.
# Flags: --base-only (step 1), --no-build (steps 3–5 on the image already built).
# Knobs: CONTAINER_IMAGE (default hub-spoke-console:local), CONTAINER_CHECK_PORT (default 3342),
# DEBIAN_MIRROR (default: the first deb.debian.org-style URI in /etc/apt/sources.list*).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${CONTAINER_IMAGE:-hub-spoke-console:local}"
BASE="docker.io/library/debian:bookworm-slim"
PORT="${CONTAINER_CHECK_PORT:-3342}"
started=$(date +%s)
log() { printf '[container-check %3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

need() { command -v "$1" >/dev/null || { echo "missing $1: apt-get install -y podman debootstrap" >&2; exit 2; }; }
need podman; need debootstrap; need curl

mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  # deb822 "URIs:" lines and one-line "deb URI suite" entries; the first Debian archive wins.
  local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  { grep -hsE '^(URIs:|deb )' "${files[@]}" || true; } \
    | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//; s/[[:space:]].*//' \
    | awk '/\/debian\/?$/ && !found { print; found = 1 }'
}

# 1. Base image. The Dockerfile names the official debian:bookworm-slim, which a normal machine
# pulls; here nothing can be pulled, so a debootstrap minbase of the same release is imported
# under that name and every build runs with --pull=never.
make_base() {
  if podman image exists "$BASE"; then log "base image $BASE cached"; return; fi
  local url root
  url="$(mirror)"
  [[ -n "$url" ]] || { echo "no Debian mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR" >&2; exit 2; }
  root="$(mktemp -d /tmp/hsc-bookworm.XXXXXX)"
  log "debootstrap --variant=minbase bookworm from $url"
  debootstrap --variant=minbase bookworm "$root" "$url" >"$root.log" 2>&1 \
    || { tail -n 20 "$root.log" >&2; rm -rf "$root"; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # The same PATH and CMD as the official image's config.
  tar -C "$root" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$root" "$root.log"
  log "imported $BASE ($(podman image inspect -f '{{.Size}}' "$BASE" | numfmt --to=iec))"
}

# 2. Build. --format docker keeps HEALTHCHECK (the OCI format has no such field); RUN steps need
# the network for apt and npm, and the chroot isolation has no network namespace of its own.
# This machine's egress re-signs TLS, so the build's downloads trust the host's CA bundle; it is
# passed as a build secret (CONTAINER_BUILD_CA, empty for none), never copied into a layer.
build_image() {
  log "podman build $IMAGE"
  local t0 ca="${CONTAINER_BUILD_CA-/etc/ssl/certs/ca-certificates.crt}" secret=()
  [[ -n "$ca" && -s "$ca" ]] && secret=(--secret "id=build_ca,src=$ca")
  t0=$(date +%s)
  podman build --isolation=chroot --pull=never --format docker --network=host "${secret[@]}" -t "$IMAGE" .
  log "built $IMAGE in $(( $(date +%s) - t0 )) s, size $(podman image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec)"
}

MNT="" HOST_TMP="" PIDS=() BINDS=()
cleanup() {
  local rc=$? pid i
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true   # server.js has been seen to ignore TERM once
  done
  for (( i=${#BINDS[@]}-1; i>=0; i-- )); do umount "${BINDS[$i]}" 2>/dev/null || umount -l "${BINDS[$i]}" || true; done
  [[ -n "$MNT" ]] && podman image unmount "$IMAGE" >/dev/null 2>&1 || true
  [[ -n "$HOST_TMP" ]] && rm -rf "$HOST_TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM

bind() { mount --bind "$1" "$2"; BINDS+=("$2"); }

# USER of the image ("name[:group]" or numbers) as uid:gid from the image's own passwd and group
# files: chroot would look names up on the host.
image_ids() {
  local name="${1%%:*}" group="" uid gid
  [[ "$1" == *:* ]] && group="${1#*:}"
  [[ -n "$name" ]] || { echo "0:0"; return; }
  if [[ "$name" =~ ^[0-9]+$ ]]; then uid="$name"; gid="$name"
  else
    uid="$(awk -F: -v n="$name" '$1 == n { print $3 }' "$MNT/etc/passwd")"
    gid="$(awk -F: -v n="$name" '$1 == n { print $4 }' "$MNT/etc/passwd")"
  fi
  if [[ "$group" =~ ^[0-9]+$ ]]; then gid="$group"
  elif [[ -n "$group" ]]; then gid="$(awk -F: -v n="$group" '$1 == n { print $3 }' "$MNT/etc/group")"
  fi
  [[ -n "$uid" && -n "$gid" ]] || { echo "user $1 not found in the image" >&2; exit 1; }
  echo "$uid:$gid"
}

# The image as a container would run it: its USER, WORKDIR and Env, in a chroot of its mount
# with /proc, /dev and a fresh /tmp (the image mount itself is read-only).
USER_IDS="" WORKDIR="" ENVS=()
enter_image() {
  MNT="$(podman image mount "$IMAGE")"
  log "image mounted at $MNT"
  USER_IDS="$(image_ids "$(podman image inspect -f '{{.Config.User}}' "$IMAGE")")"
  WORKDIR="$(podman image inspect -f '{{.Config.WorkingDir}}' "$IMAGE")"
  mapfile -t ENVS < <(podman image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" | grep -v '^$')
  HOST_TMP="$(mktemp -d /tmp/hsc-container-check.XXXXXX)"
  chmod 1777 "$HOST_TMP"
  bind /proc "$MNT/proc"; bind /dev "$MNT/dev"; bind "$HOST_TMP" "$MNT/tmp"
}

# in_image LOG VAR=value… -- command…: the image's env first, then these, in the background.
in_image() {
  local logfile="$HOST_TMP/$1.log" vars=()
  shift
  while [[ "$1" != "--" ]]; do vars+=("$1"); shift; done
  shift
  chroot --userspec="$USER_IDS" "$MNT" /usr/bin/env -i "${ENVS[@]}" "${vars[@]}" \
    /bin/sh -c "cd '$WORKDIR' && exec \"\$@\"" sh "$@" >"$logfile" 2>&1 &
  PIDS+=($!)
}

# wait_for NAME URL [curl options…]: up to 120 s for a 200; prints the body.
wait_for() {
  local name="$1" url="$2" pid="${PIDS[-1]}" code=""
  shift 2
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { cat "$HOST_TMP/$name.log" >&2; echo "$name exited" >&2; exit 1; }
    code="$(curl -s -o "$HOST_TMP/$name.body" -w '%{http_code}' "$@" "$url" || true)"
    [[ "$code" == "200" ]] && break
    sleep 1
  done
  echo "GET $url → $code"; cat "$HOST_TMP/$name.body" 2>/dev/null; echo
  [[ "$code" == "200" ]] || { echo "--- $name log"; cat "$HOST_TMP/$name.log"; exit 1; } >&2
}

# 3–4. The image's own command in embedded mode: /api/health must answer 200, and the image's
# HEALTHCHECK command must agree.
check_server() {
  local cmd
  mapfile -t cmd < <(podman image inspect -f '{{range .Config.Cmd}}{{println .}}{{end}}' "$IMAGE" | grep -v '^$')
  log "starting '${cmd[*]}' as $USER_IDS in $WORKDIR on port $PORT (PGlite in /tmp/data/pglite)"
  in_image server PORT="$PORT" HOSTNAME=127.0.0.1 DATA_DIR=/tmp/data -- "${cmd[@]}"
  wait_for server "http://127.0.0.1:$PORT/api/health"
  log "server log (first lines):"; head -n 5 "$HOST_TMP/server.log"
  local hc
  mapfile -t hc < <(podman image inspect -f '{{range .Config.Healthcheck.Test}}{{println .}}{{end}}' "$IMAGE" | grep -v '^$')
  [[ "${hc[0]:-}" == "CMD" ]] || { echo "image has no exec-form HEALTHCHECK (built without --format docker?)" >&2; exit 1; }
  chroot --userspec="$USER_IDS" "$MNT" /usr/bin/env -i "${ENVS[@]}" PORT="$PORT" "${hc[@]:1}" \
    || { echo "HEALTHCHECK command failed" >&2; exit 1; }
  log "HEALTHCHECK command exits 0"
}

# The simulator entry compose.yaml uses: it must serve HTTPS with a certificate that names its
# public host, written to its data dir for the consoles to trust.
check_simulator() {
  local port=$((PORT + 1))
  log "starting 'node arm-simulator.mjs' on port $port"
  in_image sim SIM_HOST=0.0.0.0 SIM_PORT="$port" SIM_DATA_DIR=/tmp/sim SIM_PUBLIC_URL="https://sim.check.invalid:$port" -- node arm-simulator.mjs
  for _ in $(seq 1 30); do [[ -s "$HOST_TMP/sim/ca.pem" ]] && break; sleep 1; done
  # curl verifies the certificate against the public name, resolved to this machine.
  wait_for sim "https://sim.check.invalid:$port/_sim/health" --cacert "$HOST_TMP/sim/ca.pem" --resolve "sim.check.invalid:$port:127.0.0.1"
}

make_base
[[ "${1:-}" == "--base-only" ]] && exit 0
[[ "${1:-}" == "--no-build" ]] || build_image   # --no-build: check the image already built
enter_image
check_server
check_simulator
log "container check passed"
