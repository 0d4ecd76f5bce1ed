using Razors.Stock.Domain;

namespace Razors.Stock.Tests.Unit;

public sealed class when_the_service_assembly_is_inspected
{
    [Fact]
    public void the_domain_and_use_cases_reference_no_cloud_sdk()
    {
        var references = typeof(Allocation).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => name.StartsWith("AWSSDK", StringComparison.Ordinal));
        Assert.Contains("Razors.Messaging", references);
    }
}
