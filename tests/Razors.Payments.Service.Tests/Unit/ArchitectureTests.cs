using Razors.Payments.Domain;

namespace Razors.Payments.Service.Tests.Unit;

public sealed class when_the_service_assembly_is_inspected
{
    [Fact]
    public void the_domain_and_use_cases_reference_no_database_driver_cloud_sdk_or_local_cloud()
    {
        var references = typeof(Payment).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name =>
            name.StartsWith("AWSSDK", StringComparison.Ordinal)
            || name.StartsWith("MongoDB", StringComparison.Ordinal)
            || name.StartsWith("Razors.LocalCloud", StringComparison.Ordinal)
            || name.StartsWith("Razors.Payments.", StringComparison.Ordinal));
        Assert.Contains("Razors.Messaging", references);
    }
}
