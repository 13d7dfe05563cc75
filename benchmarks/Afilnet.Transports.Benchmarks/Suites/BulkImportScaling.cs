namespace Afilnet.Transports.Benchmarks.Suites;

// TODO(bulk-import-scaling): benchmark the bulk importer (being written in another branch) once it lands:
// contacts imported per second against batch size and transport, over the same LoopbackServer.
// Add a class here with [GroupBenchmarksBy(ByCategory)], one category per transport and a hand-written
// addcontactlist loop as Baseline; then extend docs/benchmarks.md. No numbers exist for it yet.
