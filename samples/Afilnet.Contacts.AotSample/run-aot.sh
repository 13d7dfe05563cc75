#!/usr/bin/env bash
# Publishes the AOT sample as a native linux-x64 binary, starts the fake server through the CLI sample (`fake`), runs
# the binary against it over HttpPost and OAuth2Json, and stops the fake.
#   run-aot.sh              the core package only; also shows what Transport=Soap does there (fails at start)
#   run-aot.sh soap         the same app with Afilnet.Contacts.Soap and AddSoapTransport(); also tries Transport=Soap,
#                           which fails under native AOT (WCF)
#   run-aot.sh soap -p:TrimmerSingleWarn=false      further arguments go to dotnet publish
# Prints the publish's warnings and the binary's size. Not part of `dotnet test` or .ci/run: a native publish takes
# about a minute on 2 cores. Needs clang (or gcc) and zlib's headers (Debian: clang zlib1g-dev).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
variant=${1:-core}
shift || true
case "$variant" in
  core) soap=false ;;
  soap) soap=true ;;
  *) echo "usage: $0 [core|soap] [dotnet publish arguments]" >&2; exit 2 ;;
esac
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  echo "native AOT needs clang or gcc on PATH (Debian: apt-get install -y clang zlib1g-dev)" >&2
  exit 2
fi

out=$root/artifacts/aot-sample/$variant
log=$out/publish.log
mkdir -p "$out"
echo "== publishing the AOT sample ($variant) natively: log in ${log#"$root"/}"
# Its own artifacts path: the Soap variant references one more project, and must not share obj/ with the JIT build.
if ! dotnet publish "$root/samples/Afilnet.Contacts.AotSample" -c Release -r linux-x64 -p:PublishAot=true \
     -p:AfilnetSoap=$soap --artifacts-path "$out" -tl:off "$@" >"$log" 2>&1; then
  grep -E ' (error|warning) ' "$log" | sort -u >&2 || true
  echo "publish failed; see $log" >&2
  exit 1
fi
binary=$out/publish/Afilnet.Contacts.AotSample/release_linux-x64/Afilnet.Contacts.AotSample
warnings=$(grep -E ' warning [A-Z]+[0-9]+' "$log" | sort -u || true)
echo "warnings: $(printf '%s' "$warnings" | grep -c . || true)"
[ -z "$warnings" ] || printf '%s\n' "$warnings" | sed 's|^ *||; s| \[/.*\]$||'
echo "binary: ${binary#"$root"/}, $(stat -c %s "$binary") bytes ($(du -h "$binary" | cut -f1))"

echo "== starting the fake server (samples/Afilnet.Contacts.Sample fake)"
dotnet build "$root/samples/Afilnet.Contacts.Sample" -c Release -tl:off -v:q -nologo >"$out/sample-build.log" 2>&1 \
  || { cat "$out/sample-build.log" >&2; exit 1; }
work=$(mktemp -d)
mkfifo "$work/input"
dotnet run --no-build --project "$root/samples/Afilnet.Contacts.Sample" -c Release -- fake <"$work/input" >"$work/fake.out" 2>"$work/fake.err" &
fake=$!
# The fake serves until its input closes: descriptor 3 holds it open.
exec 3>"$work/input"
stop_fake() {
  exec 3>&- || true
  wait "$fake" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_fake EXIT
for _ in $(seq 1 300); do
  [ -s "$work/fake.out" ] && break
  kill -0 "$fake" 2>/dev/null || { cat "$work/fake.err" >&2; exit 1; }
  sleep 0.2
done
read -r -a settings <"$work/fake.out"
cat "$work/fake.err"

status=0
run() {
  local transport=$1 expected=$2 code=0
  echo "== $transport"
  "$binary" "${settings[@]}" --transport "$transport" || code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "exit code $code, expected $expected" >&2
    status=1
  fi
}
run HttpPost 0
run OAuth2Json 0
if [ "$soap" = true ]; then
  run Soap 1   # WCF under native AOT: the contract has lost its operations, building the client fails (README.md)
else
  run Soap 2   # without the Soap package, start-up names the package and the call
fi
exit "$status"
