# Shared by scripts/run and scripts/test: install what is missing on a Debian-like host.
# Sourced, not executed. Every command runs with an argument list (no eval, no sh -c).

# Debian packages SparkDeck needs to build, run and test on the host.
SPARKDECK_APT_PACKAGES=(
  cmake ninja-build g++ pkgconf
  qt6-base-dev qt6-base-dev-tools libqt6svg6 libgl-dev
  libqt6sql6-sqlite qt6-charts-dev libqt6opengl6-dev libarchive-dev # run history (SQLite), the Executors chart, history bundles
  libyaml-cpp-dev
  libpcre2-dev # the log search (PCRE2 8-bit, models/logmodel.cpp)
  openssl ca-certificates curl unzip git procps iproute2 jq
  fonts-dejavu-core
  openjdk-17-jdk-headless maven python3 python3-pip # real Spark (tests/cluster/spark-home) and tests/oracle
  python3-venv # the AWS CLI for tests/integration/tst_execcluster (ensure_awscli)
  tinyproxy microsocks # HTTP CONNECT and socks5 proxies for tests/integration/tst_kubeconfigcluster
)
# Only for the tests (scripts/test): the shells tests/cli/tst_cli_meta completes in, groff, which
# renders the man page there, and dbus-daemon, the private session bus of tests/gui/tst_notifier.
SPARKDECK_TEST_APT_PACKAGES=(zsh fish bash-completion groff-base dbus-daemon)
# clang with its runtime (libFuzzer, ASan, UBSan) builds fuzz/run's harnesses.
SPARKDECK_TEST_APT_PACKAGES+=(clang libclang-rt-14-dev)
# debootstrap makes the Debian chroots (tests/chroot/trixie); installed up front, since that chroot is
# made in the background while the host builds.
SPARKDECK_TEST_APT_PACKAGES+=(debootstrap)
# The validators tests/unit/tst_desktopfiles runs on the installed desktop files and man page.
SPARKDECK_TEST_APT_PACKAGES+=(desktop-file-utils appstream mandoc)
# A Go toolchain at least this new builds kube-apiserver 1.34 (tests/cluster/go/go.mod).
SPARKDECK_GO_MIN=1.24
SPARKDECK_GO_FALLBACK=1.24.6

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are not installed yet (apt-get update only when needed).
install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

version_at_least() { # version_at_least HAVE WANT
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# The AWS CLI version ensure_awscli installs (the `awscli` distribution on PyPI).
SPARKDECK_AWSCLI_VERSION=1.45.11

# Makes the AWS CLI (`aws`) available on PATH for the EKS exec-plugin test: the installed one, else
# `awscli` from PyPI (pip's own index configuration) in a virtual environment in the cache.
ensure_awscli() {
  command -v aws >/dev/null 2>&1 && return 0
  local cache=${SPARKDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkdeck}
  local dir="$cache/awscli-$SPARKDECK_AWSCLI_VERSION"
  if [ ! -x "$dir/bin/aws" ]; then
    log "installing the AWS CLI $SPARKDECK_AWSCLI_VERSION from PyPI into $dir"
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet "awscli==$SPARKDECK_AWSCLI_VERSION"
  fi
  export PATH="$dir/bin:$PATH"
}

# Makes a Go toolchain >= SPARKDECK_GO_MIN available on PATH. Uses the installed one when new
# enough; otherwise the official toolchain module golang.org/toolchain from the Go module proxy
# (what `go` itself downloads for GOTOOLCHAIN), unpacked into the cache outside the repo.
ensure_go() {
  local have=""
  if command -v go >/dev/null 2>&1; then
    have=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  fi
  if [ -n "$have" ] && version_at_least "$have" "$SPARKDECK_GO_MIN"; then
    return 0
  fi
  local cache=${SPARKDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkdeck}
  local dir="$cache/go-$SPARKDECK_GO_FALLBACK"
  if [ ! -x "$dir/go/bin/go" ]; then
    local arch
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) echo "unsupported CPU $(uname -m)" >&2; return 1 ;; esac
    # The module proxy this machine is configured for: GOPROXY, else what an installed (too old) Go
    # reports as its default, else Debian's golang-go package is installed just to ask it.
    local proxy=${GOPROXY:-}
    if [ -z "$proxy" ]; then
      command -v go >/dev/null 2>&1 || install_packages golang-go
      proxy=$(go env GOPROXY 2>/dev/null || true)
    fi
    proxy=${proxy%%[,|]*}
    case "$proxy" in
      ""|direct|off) echo "no Go module proxy configured (GOPROXY=$proxy); set GOPROXY to your module proxy" >&2; return 1 ;;
    esac
    local zip="$cache/go-$SPARKDECK_GO_FALLBACK.zip"
    log "fetching Go $SPARKDECK_GO_FALLBACK (golang.org/toolchain module) from the Go module proxy"
    mkdir -p "$cache"
    curl -fsSL -o "$zip" "$proxy/golang.org/toolchain/@v/v0.0.1-go$SPARKDECK_GO_FALLBACK.linux-$arch.zip"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    unzip -q "$zip" -d "$dir.tmp"
    mkdir -p "$dir" && rm -rf "$dir/go"
    mv "$dir.tmp/golang.org/toolchain@v0.0.1-go$SPARKDECK_GO_FALLBACK.linux-$arch" "$dir/go"
    chmod +x "$dir/go/bin/"* "$dir/go/pkg/tool/"*/* 2>/dev/null || true
    rm -rf "$dir.tmp" "$zip"
  fi
  export PATH="$dir/go/bin:$PATH"
  export GOTOOLCHAIN=local
}
