#!/usr/bin/env bash
# Installs, when missing, what the host and e2e tests need to run a REAL VS Code offline:
#   - Debian packages: chromium (driven by playwright-core), ripgrep, and the headers/toolchain that
#     code-server's native modules (node-pty, kerberos, native-keymap, @vscode/spdlog) build against;
#   - code-server (VS Code server + web workbench) into .cache/host-tools/code-server.
# Idempotent and quick when everything is present. See /work/shared/notes/host-testing.md for why.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # VS Code 1.100.3: the newest code-server that runs on Node 20
RIPGREP_PKG_VERSION=1.15.11 # @vscode/ripgrep version that code-server 4.100.3 depends on
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_DIR="$ROOT/.cache/host-tools/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"

log() { echo "[ensure-host-tools] $*"; }
die() { echo "[ensure-host-tools] ERROR: $*" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------------------------------
apt_pkgs=(chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
# Build tools may come from elsewhere (pyenv, a toolchain image); only ask apt when they are not on PATH.
command -v python3 >/dev/null || missing+=(python3)
{ command -v make >/dev/null && command -v g++ >/dev/null; } || missing+=(build-essential)

if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install: ${missing[*]}"
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the package lists when the install cannot find what it needs (fresh images have none).
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
    log "apt-get install failed; running apt-get update and retrying"
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" || die "apt-get install failed: ${missing[*]}"
  fi
else
  log "Debian packages present: ${apt_pkgs[*]}"
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing after install"
[[ -x /usr/bin/rg ]] || die "/usr/bin/rg missing after install"

# --- code-server -----------------------------------------------------------------------------------
if [[ -f "$CS_MARKER" && -x "$CS_BIN" ]]; then
  log "code-server $CODE_SERVER_VERSION present in ${CS_DIR#"$ROOT/"}"
else
  log "installing code-server@$CODE_SERVER_VERSION into ${CS_DIR#"$ROOT/"} (about 1 minute, ~280 MB)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # A private TMPDIR for the install: @vscode/ripgrep looks for its download cache in $TMPDIR.
  INSTALL_TMP="$(mktemp -d)"
  trap 'rm -rf "$INSTALL_TMP"' EXIT
  # @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here); seed its cache with
  # Debian's rg packed the way the download would be, so it never goes to the network.
  rg_cache="$INSTALL_TMP/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$rg_cache"
  tar -czf "$rg_cache/$RIPGREP_ASSET" -C /usr/bin rg
  # code-server is a tool, not a dependency of the extension: its own folder, its own package.json.
  echo '{ "name": "ccc-host-tools", "private": true }' >"$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    # unsafe_perm: postinstall scripts refuse to run as root otherwise (npm 11 has no --unsafe-perm flag).
    # yes: node-pty's build runs `npx node-gyp`, which cancels its prompt when there is no TTY.
    # node-gyp compiles against the headers of the running Node (/usr/include/node for Debian/NodeSource
    # packages); a Node without them makes node-gyp download headers from nodejs.org.
    TMPDIR="$INSTALL_TMP" npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  ) || die "npm install code-server@$CODE_SERVER_VERSION failed (see the npm output above)"
  [[ -x "$CS_BIN" ]] || die "code-server binary missing after install: $CS_BIN"
  touch "$CS_MARKER"
fi

# `code-server --version` writes a config file and logs under XDG dirs: point them at a throwaway folder.
ver_tmp="$(mktemp -d)"
log "code-server: $(XDG_CONFIG_HOME="$ver_tmp" XDG_DATA_HOME="$ver_tmp" "$CS_BIN" --version 2>/dev/null | tail -n1)"
rm -rf "$ver_tmp"
log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"
