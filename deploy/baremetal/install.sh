#!/bin/sh
# Installs (or upgrades, or removes) Heimdall on a bare-metal Linux server from the release bundle, with nothing
# fetched from the network.
#
#   install.sh [--bundle heimdall-VERSION.tar.gz] [options]      install or upgrade
#   install.sh --uninstall [--purge] [options]                   remove (config and data stay unless --purge)
#
# Without --bundle it installs the bundle it is part of (heimdall-VERSION/deploy/baremetal/install.sh). A tarball
# with a .sha256 file beside it is checked first.
#
# Layout (each path can be moved):
#   /opt/heimdall/releases/VERSION     the bundle; /opt/heimdall/current points at the active release
#   /etc/heimdall/heimdall.yaml        the configuration (written once from the example, never overwritten)
#   /etc/heimdall/heimdall.env         secrets and JVM settings, mode 0640 (written once, never overwritten)
#   /var/lib/heimdall                  data, the only directory the service may write
#   /etc/systemd/system/heimdall.service
#
# Options:
#   --root DIR         install into DIR as if it were / (files name the paths as the target system sees them)
#   --prefix DIR       default /opt/heimdall
#   --config-dir DIR   default /etc/heimdall
#   --data-dir DIR     default /var/lib/heimdall
#   --unit-dir DIR     default /etc/systemd/system
#   --user NAME        the service account, default heimdall
#   --no-user          do not create or remove the account (it is managed elsewhere, or this is a test)
#   --no-systemd       do not run systemctl (implied with --root, or when systemd is not running)
#   --keep N           releases kept for rollback, default 3
#
# Running it again is harmless: it reinstalls the release, keeps config and data, and never starts or restarts the
# service (rolling-upgrade.sh and the operator decide when).
set -eu

ROOT=/
PREFIX=/opt/heimdall
CONFIG_DIR=/etc/heimdall
DATA_DIR=/var/lib/heimdall
UNIT_DIR=/etc/systemd/system
SERVICE_USER=heimdall
BUNDLE=
MANAGE_USER=yes
USE_SYSTEMD=yes
UNINSTALL=no
PURGE=no
KEEP=3

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

while [ $# -gt 0 ]; do
  case $1 in
    --bundle) BUNDLE=${2:?--bundle needs a file}; shift 2 ;;
    --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --config-dir) CONFIG_DIR=${2:?--config-dir needs a directory}; shift 2 ;;
    --data-dir) DATA_DIR=${2:?--data-dir needs a directory}; shift 2 ;;
    --unit-dir) UNIT_DIR=${2:?--unit-dir needs a directory}; shift 2 ;;
    --user) SERVICE_USER=${2:?--user needs a name}; shift 2 ;;
    --no-user) MANAGE_USER=no; shift ;;
    --no-systemd) USE_SYSTEMD=no; shift ;;
    --keep) KEEP=${2:?--keep needs a number}; shift 2 ;;
    --uninstall) UNINSTALL=yes; shift ;;
    --purge) PURGE=yes; shift ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

for dir in "$PREFIX" "$CONFIG_DIR" "$DATA_DIR" "$UNIT_DIR"; do
  case $dir in /*) ;; *) die "$dir: paths must be absolute" ;; esac
done
case $KEEP in ''|*[!0-9]*|0) die "--keep needs a number of at least 1" ;; esac
ROOT=$(cd "$ROOT" 2>/dev/null && pwd -P) || die "--root: no such directory"
[ "$ROOT" = / ] && ROOT=
[ -n "$ROOT" ] && USE_SYSTEMD=no
[ -d /run/systemd/system ] || USE_SYSTEMD=no
if [ "$MANAGE_USER" = yes ] && [ "$(id -u)" -ne 0 ]; then
  die "creating the service account needs root (or pass --no-user)"
fi

UNIT=$ROOT$UNIT_DIR/heimdall.service

# useradd and userdel edit $ROOT/etc/passwd when installing into another root
account_tool() {
  tool=$1; shift
  if [ -n "$ROOT" ]; then "$tool" --prefix "$ROOT" "$@"; else "$tool" "$@"; fi
}

has_account() {
  grep -q "^$SERVICE_USER:" "$ROOT/etc/passwd" 2>/dev/null
}

uninstall() {
  if [ "$USE_SYSTEMD" = yes ]; then
    systemctl disable --now heimdall.service 2>/dev/null || true
  fi
  rm -f "$UNIT"
  [ "$USE_SYSTEMD" = yes ] && systemctl daemon-reload
  rm -rf "$ROOT$PREFIX"
  if [ "$PURGE" = yes ]; then
    rm -rf "$ROOT$CONFIG_DIR" "$ROOT$DATA_DIR"
  else
    say "kept $CONFIG_DIR and $DATA_DIR (--purge removes them)"
  fi
  if [ "$MANAGE_USER" = yes ] && has_account; then
    account_tool userdel "$SERVICE_USER"
  fi
  say "Heimdall removed"
}

if [ "$UNINSTALL" = yes ]; then
  uninstall
  exit 0
fi

# the bundle: a tarball (checked, then unpacked into a scratch directory) or the directory this script came from
WORK=
trap '[ -n "$WORK" ] && rm -rf "$WORK"' EXIT
if [ -n "$BUNDLE" ]; then
  [ -f "$BUNDLE" ] || die "$BUNDLE: no such file"
  if [ -f "$BUNDLE.sha256" ]; then
    (cd "$(dirname "$BUNDLE")" && sha256sum -c --quiet "$(basename "$BUNDLE").sha256") \
      || die "$BUNDLE does not match $BUNDLE.sha256"
  else
    say "warning: no $BUNDLE.sha256 beside the bundle: its integrity is not checked"
  fi
  WORK=$(mktemp -d)
  tar -xzf "$BUNDLE" -C "$WORK"
  set -- "$WORK"/heimdall-*/
  [ -d "$1" ] || die "$BUNDLE: not a Heimdall bundle (no heimdall-VERSION directory)"
  SOURCE=${1%/}
else
  SOURCE=$(cd "$(dirname "$0")/../.." && pwd -P)
fi
if [ ! -f "$SOURCE/lib/heimdall.jar" ] || [ ! -f "$SOURCE/VERSION" ]; then
  die "$SOURCE is not a Heimdall bundle: pass --bundle heimdall-VERSION.tar.gz"
fi
VERSION=$(cat "$SOURCE/VERSION")
case $VERSION in ''|*/*|.*) die "$SOURCE/VERSION: not a version" ;; esac

# the service account
if [ "$MANAGE_USER" = yes ] && ! has_account; then
  mkdir -p "$ROOT/etc"
  account_tool useradd --system --user-group --no-create-home --home-dir "$DATA_DIR" \
    --shell /usr/sbin/nologin --comment "Heimdall LLM gateway" "$SERVICE_USER"
  say "created the system account $SERVICE_USER"
fi
# ownership by number from the target's own account database (under --root a name may mean another id here):
# `group` = root:service group, `account` = service account and group; nothing without a managed account
own() {
  [ "$MANAGE_USER" = yes ] || return 0
  uid=$(grep "^$SERVICE_USER:" "$ROOT/etc/passwd" | cut -d: -f3)
  gid=$(grep "^$SERVICE_USER:" "$ROOT/etc/passwd" | cut -d: -f4)
  case $1 in
    group) chown "0:$gid" "$2" ;;
    account) chown "$uid:$gid" "$2" ;;
  esac
}

# the release: copied beside the others, then `current` switched over in one rename
RELEASES=$ROOT$PREFIX/releases
mkdir -p "$RELEASES"
rm -rf "$RELEASES/.incoming"
mkdir "$RELEASES/.incoming"
for part in bin lib deploy docs VERSION README.md LICENSE NOTICE; do
  [ -e "$SOURCE/$part" ] && cp -R "$SOURCE/$part" "$RELEASES/.incoming/"
done
chmod -R u=rwX,go=rX "$RELEASES/.incoming"
rm -rf "${RELEASES:?}/$VERSION"
mv "$RELEASES/.incoming" "$RELEASES/$VERSION"
ln -sfn "releases/$VERSION" "$ROOT$PREFIX/.current"
mv -T "$ROOT$PREFIX/.current" "$ROOT$PREFIX/current"
say "installed $VERSION in $PREFIX/releases/$VERSION ($PREFIX/current)"

# older releases beyond --keep go, newest kept; the active one always stays
# shellcheck disable=SC2012 # release names are versions: no odd characters
ls -1t "$RELEASES" | tail -n +"$((KEEP + 1))" | while read -r old; do
  [ "$old" = "$VERSION" ] || rm -rf "${RELEASES:?}/$old"
done

# config: the examples only where nothing is yet; readable by the service, not by others
mkdir -p "$ROOT$CONFIG_DIR"
chmod 0750 "$ROOT$CONFIG_DIR"
own group "$ROOT$CONFIG_DIR"
if [ ! -e "$ROOT$CONFIG_DIR/heimdall.yaml" ]; then
  cp "$SOURCE/deploy/baremetal/heimdall.yaml" "$ROOT$CONFIG_DIR/heimdall.yaml"
  chmod 0640 "$ROOT$CONFIG_DIR/heimdall.yaml"
  own group "$ROOT$CONFIG_DIR/heimdall.yaml"
  say "wrote $CONFIG_DIR/heimdall.yaml from the three-server example: edit it"
fi
if [ ! -e "$ROOT$CONFIG_DIR/heimdall.env" ]; then
  cp "$SOURCE/deploy/baremetal/heimdall.env" "$ROOT$CONFIG_DIR/heimdall.env"
  chmod 0640 "$ROOT$CONFIG_DIR/heimdall.env"
  own group "$ROOT$CONFIG_DIR/heimdall.env"
  say "wrote $CONFIG_DIR/heimdall.env: put the secrets there"
fi

# data: owned by the service account, the one place ProtectSystem=strict leaves writable
mkdir -p "$ROOT$DATA_DIR"
chmod 0750 "$ROOT$DATA_DIR"
own account "$ROOT$DATA_DIR"

# the unit, with this install's paths and account
mkdir -p "$ROOT$UNIT_DIR"
sed -e "s#/opt/heimdall#$PREFIX#g" \
    -e "s#/etc/heimdall#$CONFIG_DIR#g" \
    -e "s#/var/lib/heimdall#$DATA_DIR#g" \
    -e "s#^User=heimdall\$#User=$SERVICE_USER#" \
    -e "s#^Group=heimdall\$#Group=$SERVICE_USER#" \
    "$SOURCE/deploy/baremetal/heimdall.service" > "$UNIT.tmp"
chmod 0644 "$UNIT.tmp"
mv "$UNIT.tmp" "$UNIT"

if [ "$USE_SYSTEMD" = yes ]; then
  systemctl daemon-reload
  systemctl enable heimdall.service >/dev/null 2>&1
  if systemctl is-active --quiet heimdall.service; then
    say "heimdall is running the previous release: systemctl restart heimdall (or deploy/baremetal/rolling-upgrade.sh)"
  else
    say "enabled; start it with: systemctl start heimdall"
  fi
fi
