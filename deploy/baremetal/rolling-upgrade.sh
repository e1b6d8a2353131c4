#!/bin/sh
# Upgrades a bare-metal Heimdall cluster one server at a time, so the cluster keeps serving throughout.
#
#   rolling-upgrade.sh --bundle heimdall-VERSION.tar.gz [options] HOST[:PORT]...
#
# For each host, in the order given: copy the bundle over, drain the node (it leaves the balancer's rotation and
# finishes what it serves), wait until its /health/ready answers 503, stop the service, install the new release
# with install.sh, start the service, wait until /health/ready answers 200, and only then go to the next host. The
# first host that fails stops the roll: the hosts after it still run the old release and keep serving.
#
# Options:
#   --port N             the nodes' HTTP port when a host names none (default 8080)
#   --ssh CMD            runs a command on a host, called as: CMD HOST COMMAND (default: ssh)
#   --copy CMD           copies files to a host, called as: CMD FILE... HOST:DIR (default: scp -q)
#   --remote-dir DIR     where the bundle goes on each host (default /tmp/heimdall-upgrade)
#   --sudo CMD           prefix of the privileged commands; --sudo '' when the ssh user is root (default: sudo)
#   --stop CMD           stops the node (default: systemctl stop heimdall)
#   --start CMD          starts the node (default: systemctl start heimdall)
#   --install-options O  more options for install.sh (e.g. --prefix /srv/heimdall)
#   --drain-timeout S    seconds a node may take to leave rotation (default 90)
#   --ready-timeout S    seconds a node may take to become ready after its start (default 120)
# In --stop, --start and --install-options, {host} and {port} stand for the host being upgraded.
#
# Environment: HEIMDALL_ADMIN_TOKEN, the admin token sent with the drain request.
set -eu

BUNDLE=
PORT=8080
SSH=ssh
COPY="scp -q"
REMOTE_DIR=/tmp/heimdall-upgrade
SUDO=sudo
STOP="systemctl stop heimdall"
START="systemctl start heimdall"
INSTALL_OPTIONS=
DRAIN_TIMEOUT=90
READY_TIMEOUT=120

die() { echo "rolling-upgrade: $*" >&2; exit 1; }
say() { echo "rolling-upgrade: $*"; }

while [ $# -gt 0 ]; do
  case $1 in
    --bundle) BUNDLE=${2:?--bundle needs a file}; shift 2 ;;
    --port) PORT=${2:?--port needs a number}; shift 2 ;;
    --ssh) SSH=${2:?--ssh needs a command}; shift 2 ;;
    --copy) COPY=${2:?--copy needs a command}; shift 2 ;;
    --remote-dir) REMOTE_DIR=${2:?--remote-dir needs a directory}; shift 2 ;;
    --sudo) SUDO=$2; shift 2 ;;
    --stop) STOP=${2:?--stop needs a command}; shift 2 ;;
    --start) START=${2:?--start needs a command}; shift 2 ;;
    --install-options) INSTALL_OPTIONS=$2; shift 2 ;;
    --drain-timeout) DRAIN_TIMEOUT=${2:?--drain-timeout needs seconds}; shift 2 ;;
    --ready-timeout) READY_TIMEOUT=${2:?--ready-timeout needs seconds}; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --*) die "unknown option: $1 (see --help)" ;;
    *) break ;;
  esac
done
[ -n "$BUNDLE" ] || die "--bundle heimdall-VERSION.tar.gz is required"
[ $# -gt 0 ] || die "name at least one host"
[ -f "$BUNDLE" ] || die "$BUNDLE: no such file"
command -v curl >/dev/null 2>&1 || die "needs curl"
NAME=$(basename "$BUNDLE" .tar.gz)
case $NAME in heimdall-*) ;; *) die "$BUNDLE: expected a file named heimdall-VERSION.tar.gz" ;; esac
if [ -f "$BUNDLE.sha256" ]; then
  (cd "$(dirname "$BUNDLE")" && sha256sum -c --quiet "$NAME.tar.gz.sha256") || die "$BUNDLE does not match its .sha256"
else
  die "$BUNDLE.sha256 is missing: the hosts could not check what they receive"
fi

# the HTTP status of a request to a node, 000 when it does not answer
status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true
}

# waits until GET /health/ready on $1 answers $2, for at most $3 seconds
await_ready_status() {
  deadline=$(( $(date +%s) + $3 ))
  while [ "$(status "$1/health/ready")" != "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 1
  done
}

# $1 with {host} and {port} replaced
for_host() {
  printf '%s' "$1" | sed -e "s#{host}#$HOST#g" -e "s#{port}#$HOST_PORT#g"
}

remote() {
  # shellcheck disable=SC2086 # --ssh is a command line by design
  $SSH "$HOST" "$1"
}

for TARGET in "$@"; do
  case $TARGET in
    *:*) HOST=${TARGET%:*}; HOST_PORT=${TARGET##*:} ;;
    *) HOST=$TARGET; HOST_PORT=$PORT ;;
  esac
  URL=http://$HOST:$HOST_PORT
  say "$TARGET: upgrading to $NAME"
  [ "$(status "$URL/health/ready")" = 200 ] \
    || die "$TARGET is not ready before its upgrade: fix it first (the hosts after it were not touched)"

  remote "mkdir -p '$REMOTE_DIR'"
  # shellcheck disable=SC2086
  $COPY "$BUNDLE" "$BUNDLE.sha256" "$HOST:$REMOTE_DIR/"

  drain=$(status -X POST -H "Authorization: Bearer ${HEIMDALL_ADMIN_TOKEN:-}" \
    "$URL/admin/v1/cluster/members/self/drain")
  case $drain in
    2??)
      say "$TARGET: draining"
      await_ready_status "$URL" 503 "$DRAIN_TIMEOUT" \
        || die "$TARGET still in rotation ${DRAIN_TIMEOUT}s after the drain request: not stopped" ;;
    404)
      say "warning: $TARGET has no drain endpoint (a release before the cluster): stopping it cuts the requests it serves" ;;
    *)
      die "$TARGET refused to drain (HTTP $drain): not stopped" ;;
  esac

  say "$TARGET: stopping"
  remote "$SUDO $(for_host "$STOP")"
  say "$TARGET: installing $NAME"
  remote "cd '$REMOTE_DIR' && tar -xzf '$NAME.tar.gz' '$NAME/deploy/baremetal/install.sh' \
    && $SUDO sh '$NAME/deploy/baremetal/install.sh' --bundle '$REMOTE_DIR/$NAME.tar.gz' $(for_host "$INSTALL_OPTIONS") \
    && rm -rf '$REMOTE_DIR/$NAME'"
  say "$TARGET: starting"
  remote "$SUDO $(for_host "$START")"
  await_ready_status "$URL" 200 "$READY_TIMEOUT" \
    || die "$TARGET not ready ${READY_TIMEOUT}s after its start: the roll stops here (see journalctl -u heimdall on $HOST)"
  say "$TARGET: ready on $NAME"
done
say "all $# hosts run $NAME"
