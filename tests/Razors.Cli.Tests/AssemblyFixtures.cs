using Razors.Testing;

[assembly: AssemblyFixture(typeof(FauxqsFixture))]
[assembly: AssemblyFixture(typeof(Razors.Cli.Tests.Deploy.DryRunAssembly))]
