#!/usr/bin/env bash
# npm run container:check — builds the container image on a machine with podman but no container
# registry and no way to run containers (as in CI here), then proves the image's server answers
# /api/health by running it in a chroot of the mounted image. Steps:
#   1. the base image (FROM debian:bookworm-slim) made locally with debootstrap, cached;
#   2. podman build --isolation=chroot;
#   3. podman image mount + chroot: node server.js, embedded mode, on a free port;
#   4. GET /api/health must answer 200;
#   5. clean-up (server stopped, mounts undone) on every exit path.
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

MNT="" PID="" HOST_TMP="" BINDS=()
cleanup() {
  local rc=$?
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true   # server.js has been seen to ignore TERM once
  fi
  local i
  for (( i=${#BINDS[@]}-1; i>=0; i-- )); do umount "${BINDS[$i]}" 2>/dev/null || umount -l "${BINDS[$i]}" || true; done
  [[ -n "$MNT" ]] && podman image unmount "$IMAGE" >/dev/null 2>&1 || true
  [[ -n "$HOST_TMP" ]] && rm -rf "$HOST_TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM

bind() { mount --bind "$1" "$2"; BINDS+=("$2"); }

# 3–4. Run the image's own entry (user, workdir, env, command) in a chroot and ask /api/health.
check_health() {
  MNT="$(podman image mount "$IMAGE")"
  log "image mounted at $MNT"
  local user workdir cmd envs
  user="$(podman image inspect -f '{{.Config.User}}' "$IMAGE")"
  workdir="$(podman image inspect -f '{{.Config.WorkingDir}}' "$IMAGE")"
  cmd="$(podman image inspect -f '{{join .Config.Cmd " "}}' "$IMAGE")"
  mapfile -t envs < <(podman image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" | grep -v '^$')
  bind /proc "$MNT/proc"; bind /dev "$MNT/dev"
  # The image mount is read-only: the chroot's /tmp is a fresh host directory, removed at the end.
  HOST_TMP="$(mktemp -d /tmp/hsc-container-check.XXXXXX)"
  chmod 1777 "$HOST_TMP"
  bind "$HOST_TMP" "$MNT/tmp"
  local data=/tmp/data tmp="$HOST_TMP"
  log "starting '$cmd' as $user in $workdir on port $PORT (PGlite in $data/pglite)"
  # The image's env first, then this check's: the port, and a data dir in the chroot's /tmp.
  chroot --userspec="$user:$user" "$MNT" /usr/bin/env -i "${envs[@]}" \
    PORT="$PORT" HOSTNAME=127.0.0.1 DATA_DIR="$data" \
    /bin/sh -c "cd '$workdir' && exec $cmd" >"$tmp/server.log" 2>&1 &
  PID=$!
  local body="" code=""
  for _ in $(seq 1 120); do
    kill -0 "$PID" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "server exited" >&2; exit 1; }
    code="$(curl -s -o "$tmp/health.json" -w '%{http_code}' "http://127.0.0.1:$PORT/api/health" || true)"
    [[ "$code" == "200" ]] && break
    sleep 1
  done
  body="$(cat "$tmp/health.json" 2>/dev/null || true)"
  echo "GET /api/health → $code"; echo "$body"
  [[ "$code" == "200" ]] || { echo "--- server log"; cat "$tmp/server.log"; exit 1; } >&2
  log "server log (first lines):"; head -n 5 "$tmp/server.log"
  # The image's own HEALTHCHECK command, run the same way, must agree.
  local hc
  mapfile -t hc < <(podman image inspect -f '{{range .Config.Healthcheck.Test}}{{println .}}{{end}}' "$IMAGE" | grep -v '^$')
  [[ "${hc[0]:-}" == "CMD" ]] || { echo "image has no exec-form HEALTHCHECK (built without --format docker?)" >&2; exit 1; }
  chroot --userspec="$user:$user" "$MNT" /usr/bin/env -i "${envs[@]}" PORT="$PORT" "${hc[@]:1}" \
    || { echo "HEALTHCHECK command failed" >&2; exit 1; }
  log "HEALTHCHECK command exits 0"
}

make_base
[[ "${1:-}" == "--base-only" ]] && exit 0
build_image
check_health
log "container check passed"
