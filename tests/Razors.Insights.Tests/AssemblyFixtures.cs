using Razors.Testing;

[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
