#!/usr/bin/env bash
# Benchmarks of the five transports (issue 7); docs/benchmarks.md explains the suites and the numbers.
#
#   benchmarks/run.sh [quick|full] [filter]
#
#   quick  BenchmarkDotNet ShortRun job (3 warm-up + 3 measured 150 ms iterations, one launch): 6 to 9 minutes on 2 cores, depending on load.
#   full   BenchmarkDotNet default job (as many iterations as it needs): for a quiet machine; an hour or more.
#   filter BenchmarkDotNet --filter glob, default every suite: e.g. '*Loopback*', '*InMemoryCreateGroup*'.
#
#   benchmarks/run.sh ratios [--rounds N] [--batch K] [--filter 'family transport call']
#                                 SDK/baseline ratios from interleaved rounds in one process (RATIO/BYTES/REF lines), only;
#                                 kept in BenchmarkDotNet.Artifacts/results/ratios.txt and drawn as docs/benchmarks-ratios.png.
#   benchmarks/run.sh scale [--sizes 10000,100000] [--transports HttpGet,Soap]
#                                 listing and import at 10,000 to 1,000,000 contacts, one child process per case, only.
#
# Then the throughput mode (64 concurrent callers) and the chart mode, which writes docs/benchmarks.png and
# BenchmarkDotNet.Artifacts/results/tables.md (the tables docs/benchmarks.md holds). Only 127.0.0.1 is ever called.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
filter=${2:-'Afilnet.Transports.Benchmarks.Suites.*'}
project=benchmarks/Afilnet.Transports.Benchmarks
case "$mode" in
  ratios)
    # Stand-alone: build Release, run only this mode (options passed through), keep its output and draw its chart.
    shift
    dotnet build "$project" -c Release
    mkdir -p BenchmarkDotNet.Artifacts/results
    dotnet run -c Release --no-build --project "$project" -- ratios "$@" | tee BenchmarkDotNet.Artifacts/results/ratios.txt
    exec dotnet run -c Release --no-build --project "$project" -- chart-ratios BenchmarkDotNet.Artifacts/results/ratios.txt docs/benchmarks-ratios.png ;;
  scale)
    shift
    dotnet build "$project" -c Release
    exec dotnet run -c Release --no-build --project "$project" -- scale "$@" ;;
esac
case "$mode" in
  quick) calls=5000 ;;
  full) calls=20000 ;;
  *) echo "usage: $0 [quick|full] [filter]" >&2; exit 2 ;;
esac

results=BenchmarkDotNet.Artifacts/results
dotnet build "$project" -c Release
rm -rf "$results"
mkdir -p "$results"
{
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), mode: $mode, filter: $filter"
  echo "- nproc: $(nproc)"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "- .NET: SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/{v=$2} END{print v}')"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/machine.md"

dotnet run -c Release --no-build --project "$project" -- "$mode" --filter "$filter"
dotnet run -c Release --no-build --project "$project" -- import
dotnet run -c Release --no-build --project "$project" -- throughput --calls "$calls" --concurrency 64 --out "$results/throughput.md"
dotnet run -c Release --no-build --project "$project" -- chart "$results" docs/benchmarks.png "$results/tables.md"
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.md"
cat "$results/machine.md"
