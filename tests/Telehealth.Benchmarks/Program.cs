using BenchmarkDotNet.Running;

// Runs the benchmark classes chosen on the command line, e.g.
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*AuditAppend*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
