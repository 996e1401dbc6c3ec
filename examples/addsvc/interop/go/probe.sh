#!/usr/bin/env bash
# Re-derive the "Observed go-kit 0.10 wire behaviour" table of README.md:
# starts addsvc-go, drives it with addcli-go on all three transports and with
# curl, then records what the go-kit clients send using capture.mjs.
#   usage: probe.sh [BIN_DIR]   (default: <this dir>/.build/bin; run build.sh first)
# Needs curl and node. Everything listens on 127.0.0.1 only.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${1:-$here/.build/bin}
tmp=$(mktemp -d)
# start() runs inside $(...), a subshell, so pids are kept in files.
cleanup() {
  for f in "$tmp"/*.pid; do [[ -e $f ]] && kill "$(cat "$f")" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

field() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }
start() { # start <name> <cmd...>: run in background, wait for its first stdout line
  "${@:2}" >"$tmp/$1.out" 2>"$tmp/$1.err" &
  echo $! >"$tmp/$1.pid"
  for _ in $(seq 100); do [[ -s $tmp/$1.out ]] && break; sleep 0.05; done
  head -1 "$tmp/$1.out"
}

addrs=$(start svc "$bin/addsvc-go" -quiet)
H=$(field "$addrs" http) G=$(field "$addrs" grpc) J=$(field "$addrs" jsonrpc)
echo "# addsvc-go: $addrs"

echo "## addcli-go (stdout, exit code)"
cases=("sum 1 2" "sum 0 0" "sum 2147483647 1" "sum -2147483648 -1" "sum 9007199254740993 0"
  "sum 0 9007199254740993" "sum 9007199254740993 1" "concat ab cd" "concat abcdef ghijk" "concat é 123456789")
for t in "http-addr $H" "grpc-addr $G" "jsonrpc-addr $J"; do
  for c in "${cases[@]}"; do
    read -r m a b <<<"$c"
    out=$("$bin/addcli-go" -${t% *} "${t#* }" -method "$m" -- "$a" "$b")
    printf '%-8s %-30s %s rc=%s\n' "${t%%-*}" "$c" "$out" $?
  done
done

echo "## curl -> HTTP ($H)"
post() { # post <url> <body>
  printf -- '-> POST %s %s\n' "${1#http://*/}" "$2"
  curl -sS -i -X POST "$1" --data-binary "$2" | tr -d '\r' | grep -vi '^date:' | sed 's/^/   /'
  echo
}
for b in '{"a":1,"b":2}' '{"A":1,"B":2}' '{"a":0,"b":0}' '{}' '{"a":2147483647,"b":1}' \
  '{"a":9007199254740993,"b":0}' '{"a":9223372036854775808,"b":0}' '{"a":1.5,"b":2}' \
  '{"a":"1","b":2}' '{"a":1,' ''; do
  post "http://$H/sum" "$b"
done
post "http://$H/concat" '{"a":"ab","b":"cd"}'
post "http://$H/concat" '{"a":"abcdef","b":"ghijk"}'
post "http://$H/mul" '{}'
printf -- '-> GET sum\n'; curl -sS -i "http://$H/sum" | tr -d '\r' | grep -vi '^date:' | sed 's/^/   /'; echo

echo "## curl -> JSON-RPC ($J)"
for b in '{"jsonrpc":"2.0","method":"sum","params":{"a":1,"b":2},"id":1}' \
  '{"jsonrpc":"2.0","method":"sum","params":{"A":0,"B":0},"id":"x"}' \
  '{"jsonrpc":"2.0","method":"concat","params":{"a":"abcdef","b":"ghijk"},"id":7}' \
  '{"jsonrpc":"2.0","method":"sum","params":{"a":9007199254740993,"b":0},"id":2}' \
  '{"jsonrpc":"2.0","method":"sum","params":{"a":"x","b":0},"id":3}' \
  '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":5}' \
  '{"jsonrpc":"2.0","method":"mul","params":{},"id":4}' \
  '{"method":"sum","params":{"a":1,"b":2}}' \
  '{"jsonrpc":"2.0","method":"sum","params":{"a":1,' \
  '[{"jsonrpc":"2.0","method":"sum","params":{"a":1,"b":2},"id":1}]'; do
  post "http://$J/" "$b"
done
printf -- '-> GET /\n'; curl -sS -i "http://$J/" | tr -d '\r' | grep -vi '^date:' | sed 's/^/   /'; echo

echo "## rate-limited server (-ratelimit), second Sum within 1s"
addrs2=$(start svc2 "$bin/addsvc-go" -quiet -ratelimit)
for t in "http-addr $(field "$addrs2" http)" "grpc-addr $(field "$addrs2" grpc)" "jsonrpc-addr $(field "$addrs2" jsonrpc)"; do
  "$bin/addcli-go" -${t% *} "${t#* }" 1 2 >/dev/null
  out=$("$bin/addcli-go" -${t% *} "${t#* }" 1 2)
  printf '%-8s %s rc=%s\n' "${t%%-*}" "$out" $?
done

echo "## what the go-kit clients send (capture.mjs)"
cap=$(start cap node "$here/capture.mjs")
CH=$(field "$cap" http) CG=$(field "$cap" grpc)
"$bin/addcli-go" -http-addr "$CH" -method sum 1 2 >/dev/null
"$bin/addcli-go" -http-addr "$CH" -method concat ab cd >/dev/null
"$bin/addcli-go" -jsonrpc-addr "$CH" -method sum 9007199254740993 0 >/dev/null
"$bin/addcli-go" -jsonrpc-addr "$CH" -method concat ab cd >/dev/null
"$bin/addcli-go" -grpc-addr "$CG" -method sum 1 2 >/dev/null
"$bin/addcli-go" -grpc-addr "$CG" -method concat ab cd >/dev/null
sleep 0.2
tail -n +2 "$tmp/cap.out"

echo "## transport failure (nothing listening)"
"$bin/addcli-go" -http-addr 127.0.0.1:1 1 2; echo "rc=$?"
"$bin/addcli-go" -grpc-addr 127.0.0.1:1 1 2; echo "rc=$?"
"$bin/addcli-go" -jsonrpc-addr 127.0.0.1:1 1 2; echo "rc=$?"
