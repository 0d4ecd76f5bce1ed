using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Razors.Messaging;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// Issue 8: every hop of a saga's events continues the traceparent in their metadata, so the
/// request, the relays and the handlers of one saga are one trace.
/// </summary>
public sealed class when_a_subscription_s_saga_runs(LocalHostFixture fixture)
{
    private static readonly ActivitySource TestSource = new("Razors.EndToEnd.Tests");

    [Fact]
    public async Task its_request_relays_and_handlers_are_one_trace_whose_spans_chain_back_to_the_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<Activity>();
        // A second provider beside the host's: listeners are process-wide, so it sees the host's spans.
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSource.Name, RazorsTelemetry.Name)
            .AddAspNetCoreInstrumentation()
            .AddInMemoryExporter(spans)
            .Build())
        {
            var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100, ct);
            ActivityTraceId traceId;
            Guid id;
            using (var test = TestSource.StartActivity("test"))
            {
                traceId = test!.TraceId;
                id = await Saga.SubscribeAsync(fixture.Http, product, ct);
            }

            Assert.Equal("Active", await Saga.WaitForStatusAsync(fixture.Http, id, "Active", ct));
            await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
            tracing.ForceFlush();

            List<Activity> trace;
            lock (spans)
            {
                trace = [.. spans.Where(s => s.TraceId == traceId)];
            }

            var request = Assert.Single(trace, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), "/subscriptions"));
            string[] relayed = ["SubscriptionCreated", "StockAllocated", "PaymentCreated", "SubscriptionActivated"];
            foreach (var detailType in relayed)
            {
                Assert.Contains(trace, s => s.DisplayName == $"relay {detailType}" && s.Kind == ActivityKind.Producer);
            }

            // Stock, payments, notifications and insights each handle SubscriptionCreated; the subscription handles the answers.
            Assert.Equal(4, trace.Count(s => s.DisplayName == "handle SubscriptionCreated"));
            Assert.Contains(trace, s => s.DisplayName == "handle StockAllocated");
            Assert.Contains(trace, s => s.DisplayName == "handle PaymentCreated");

            var bySpanId = trace.ToDictionary(s => s.SpanId);
            foreach (var hop in trace.Where(s => s.Source.Name == RazorsTelemetry.Name))
            {
                Assert.True(ChainsBackTo(hop, request, bySpanId), $"{hop.DisplayName} does not chain back to the request");
                Assert.Equal(ActivityStatusCode.Unset, hop.Status);
            }
        }
    }

    private static bool ChainsBackTo(Activity span, Activity root, Dictionary<ActivitySpanId, Activity> bySpanId)
    {
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent == root)
            {
                return true;
            }
        }

        return false;
    }
}
