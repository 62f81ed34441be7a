using BenchmarkDotNet.Running;

// The hot pieces of a request, timed alone: dotnet run -c Release --project bench/Kms.Micro -- --filter '*'
// (or a class name, e.g. --filter '*GoKmsSignature*'). docs/performance.md says what the end-to-end bench measures.
BenchmarkSwitcher.FromAssembly(typeof(Kms.Micro.DataCipherBenchmarks).Assembly).Run(args);
