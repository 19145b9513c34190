using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(RiskTriggers.Benchmarks.EngineThroughputBenchmark).Assembly).Run(args);
