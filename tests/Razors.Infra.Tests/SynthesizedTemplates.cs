using Amazon.CDK;

[assembly: AssemblyFixture(typeof(Razors.Infra.Tests.SynthesizedTemplates))]

namespace Razors.Infra.Tests;

/// <summary>
/// The service stacks synthesized once per test run, without bundling (the Lambda assets are the
/// project folders as they are), the way <c>cdk synth</c> builds them through <c>RazorsApp</c>.
/// </summary>
public sealed class SynthesizedTemplates : IDisposable
{
    private readonly string _outdir = Directory.CreateTempSubdirectory("razors-infra-").FullName;

    public SynthesizedTemplates()
    {
        var app = new App(new AppProps
        {
            Outdir = _outdir,
            // Skip bundling for every stack: the assertion tests do not need the published code.
            Context = new Dictionary<string, object> { ["aws:cdk:bundling-stacks"] = Array.Empty<string>() },
        });
        RazorsApp.AddStacks(app);
        var assembly = app.Synth();
        Subscription = Load(assembly.Directory, RazorsApp.SubscriptionStack);
        Stock = Load(assembly.Directory, RazorsApp.StockStack);
        Payments = Load(assembly.Directory, RazorsApp.PaymentsStack);
        Customers = Load(assembly.Directory, RazorsApp.CustomersStack);
        Notifications = Load(assembly.Directory, RazorsApp.NotificationsStack);
        Insights = Load(assembly.Directory, RazorsApp.InsightsStack);
    }

    public StackTemplate Subscription { get; }

    public StackTemplate Stock { get; }

    public StackTemplate Payments { get; }

    public StackTemplate Customers { get; }

    public StackTemplate Notifications { get; }

    public StackTemplate Insights { get; }

    public IReadOnlyList<StackTemplate> All => [Subscription, Stock, Payments, Customers, Notifications, Insights];

    public StackTemplate Of(string service) => All.Single(t => t.Service == service);

    private static StackTemplate Load(string directory, string stackName)
    {
        var service = RazorsApp.Services.Single(s => s.StackName == stackName).Service;
        return StackTemplate.Parse(stackName, service, File.ReadAllText(Path.Combine(directory, $"{stackName}.template.json")));
    }

    public void Dispose() => Directory.Delete(_outdir, recursive: true);
}
