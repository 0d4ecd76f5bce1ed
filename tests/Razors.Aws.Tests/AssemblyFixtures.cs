using Razors.Testing;

[assembly: AssemblyFixture(typeof(FauxqsFixture))]
