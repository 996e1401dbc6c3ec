#!/usr/bin/env bash
# Build the Go interop peers (addsvc-go, addcli-go) against go-kit 0.10 from
# Debian bookworm packages, fully offline apart from apt.
#
#   usage: build.sh [OUT_DIR]          (default: <this dir>/.build/bin)
#   env:   REGEN_PROTO=1  also install protoc + protoc-gen-go and regenerate
#                         pb/addsvc.pb.go before building
#
# Idempotent: apt runs only when a package is missing; Go's build cache lives
# in .build/cache (git-ignored), so a rebuild with nothing changed takes well
# under a second.
set -euo pipefail
t0=$(date +%s%N)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/.build/bin}

# Every Debian package the build needs directly; apt pulls the rest
# (golang-google-genproto-dev, golang-golang-x-net-dev, ...).
pkgs=(
  golang-go                              # Go 1.19 toolchain
  golang-github-go-kit-kit-dev           # go-kit 0.10.0 (+ golang.org/x/time)
  golang-google-grpc-dev                 # grpc-go 1.33
  golang-github-golang-protobuf-1-3-dev  # github.com/golang/protobuf 1.3.5
)
if [[ "${REGEN_PROTO:-0}" == 1 ]]; then
  pkgs+=(protobuf-compiler golang-goprotobuf-dev)  # protoc 3.21, protoc-gen-go 1.3.5
fi

missing=()
for p in "${pkgs[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) != 0 ]]; then sudo=(sudo); fi
  echo "build.sh: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${REGEN_PROTO:-0}" == 1 ]]; then
  (cd "$here/pb" && protoc addsvc.proto --go_out=plugins=grpc:.)
  echo "build.sh: regenerated pb/addsvc.pb.go" >&2
fi

# GOPATH mode: our code is reachable as import path "kitinterop" through a
# symlink; everything else resolves from Debian's /usr/share/gocode. The link
# tree lives outside the repository so that no tool walking the work tree
# meets a symlink loop.
gopath=${TMPDIR:-/tmp}/addsvc-interop-gopath-$(printf %s "$here" | md5sum | cut -c1-12)
mkdir -p "$gopath/src" "$out"
ln -sfn "$here" "$gopath/src/kitinterop"

export GO111MODULE=off GOFLAGS= GOPROXY=off CGO_ENABLED=0
export GOPATH="$gopath:/usr/share/gocode"
export GOCACHE="${GOCACHE:-$here/.build/cache}"
go build -o "$out/addsvc-go" kitinterop/cmd/addsvc-go
go build -o "$out/addcli-go" kitinterop/cmd/addcli-go

t1=$(date +%s%N)
printf 'build.sh: built %s/addsvc-go and %s/addcli-go in %d.%03ds\n' \
  "$out" "$out" $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 1000000) % 1000))
