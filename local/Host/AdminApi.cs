using System.Globalization;
using System.Text.Json.Nodes;
using Razors.Customers.Features.Replica;
using Razors.Insights.Features;
using Razors.Insights.Features.Leaderboard;
using Razors.Insights.Features.Rebuild;
using Razors.LocalCloud;
using Razors.LocalCloud.Mail;
using Razors.LocalCloud.Queues;
using Razors.ServiceDefaults;
using Razors.Topology;

namespace Razors.LocalHost;

/// <summary>
/// Read-and-repair endpoints for the local cloud, used by the <c>razors</c> CLI and the tests:
/// bus archives, queue depths, dead-letter messages and moving them back, the customers
/// region replica's backfill and check, the insights leaderboard's rebuild check, and the mail
/// the local SMTP sink kept.
/// </summary>
internal static class AdminApi
{
    private const int MaxLimit = 1000;
    private const string LimitParameter = "limit";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin");

        admin.MapGet("/status", (LocalCloudRuntime cloud) => Results.Json(new
        {
            idle = cloud.IsIdle,
            pendingBusDeliveries = cloud.EventBridge.PendingDeliveryCount,
        }));

        admin.MapGet("/buses", (LocalCloudRuntime cloud) => Results.Json(
            cloud.EventBridge.ListEventBuses().Select(b => new
            {
                name = b.Name,
                owner = b.OwnerService,
                rules = cloud.EventBridge.ListRules(b.Name).Select(r => r.Name),
            })));

        admin.MapGet("/buses/{bus}/events", (string bus, HttpRequest request, LocalCloudRuntime cloud) =>
        {
            if (cloud.EventBridge.ListEventBuses().All(b => b.Name != bus))
            {
                return Results.Problem(statusCode: 404, title: "No such bus", detail: $"There is no event bus named '{bus}'.");
            }

            if (!TryReadLimit(request, 100, out var limit))
            {
                return LimitProblem();
            }

            // The archive is read oldest first; the newest `limit` are the interesting ones.
            var events = cloud.EventBridge.ReadArchive(bus, from: null, to: null, max: int.MaxValue);
            return Results.Json(events.TakeLast(limit).Select(e => JsonNode.Parse(e.Json)));
        });

        admin.MapGet("/queues", (LocalCloudRuntime cloud) => Results.Json(
            cloud.Queues.ListQueues().Select(name =>
            {
                var stats = cloud.Queues.GetStats(name);
                return new
                {
                    name,
                    arn = cloud.Queues.GetQueueArn(name),
                    deadLetterQueue = cloud.DeadLetterQueues.Contains(name),
                    visible = stats.Visible,
                    inFlight = stats.InFlight,
                    delayed = stats.Delayed,
                };
            })));

        admin.MapGet("/queues/{queue}/messages", (string queue, HttpRequest request, LocalCloudRuntime cloud) =>
        {
            if (!TryReadLimit(request, 10, out var limit))
            {
                return LimitProblem();
            }

            return OnQueue(() => Results.Json(cloud.Queues.Peek(queue, limit).Select(m => new
            {
                messageId = m.MessageId,
                sentAt = m.SentAt,
                receiveCount = m.ReceiveCount,
                attributes = m.Attributes,
                messageAttributes = m.MessageAttributes,
                body = m.Body,
            })));
        });

        // Consumers and relays send what fails for good to their DLQ themselves, with the reason, so
        // those messages carry no source: they go back to the one queue whose redrive names the DLQ,
        // as `razors dlq redrive --aws` names it as the destination in AWS.
        admin.MapPost("/queues/{queue}/redrive", (string queue, LocalCloudRuntime cloud, LocalHostOptions options) =>
            OnQueue(() => Results.Json(new { moved = cloud.Queues.MoveMessages(queue, SourceOf(options.Topology, queue)) })));

        // The region replica's repair: rebuild it from the customers table, and say where the two differ.
        admin.MapPost("/customers/replica/backfill", async (RegionReplica replica, CancellationToken cancellationToken) =>
            Results.Json(await replica.BackfillAsync(progress: null, cancellationToken)));
        admin.MapGet("/customers/replica/check", async (RegionReplica replica, CancellationToken cancellationToken) =>
            Results.Json(await replica.CheckAsync(cancellationToken)));

        admin.MapGet("/mail", (HttpRequest request, LocalMailSink mail) =>
        {
            if (!TryReadLimit(request, 100, out var limit))
            {
                return LimitProblem();
            }

            var to = request.Query["to"];
            if (to.Count > 1 || (to.Count == 1 && !System.Net.Mail.MailAddress.TryCreate(to[0], out _)))
            {
                return RequestProblems.InvalidParameter("to", "must be given at most once, as one email address.");
            }

            return Results.Json(mail.List(to.Count == 1 ? to[0] : null, limit));
        });

        admin.MapGet("/mail/{id}", (string id, LocalMailSink mail) =>
            mail.Read(id) is { } message
                ? Results.Json(message)
                : Results.Problem(statusCode: 404, title: "No such mail", detail: $"The local mail sink holds no message '{id}' (see GET /admin/mail)."));

        // The leaderboard's check: the board recomputed from every event the insights bus archived
        // (its archive is kept indefinitely), beside the stored one, and where the two differ.
        admin.MapGet("/insights/rebuild", async (HttpRequest request, LocalCloudRuntime cloud, LeaderboardCheck check, CancellationToken cancellationToken) =>
        {
            var query = LeaderboardQuery.Read(request.Query, boardRequired: true, topAllowed: false);
            if (query is LeaderboardQuery.Invalid invalid)
            {
                return Results.ValidationProblem(invalid.Errors, statusCode: 400, title: "The query is invalid.");
            }

            var valid = (LeaderboardQuery.Valid)query;
            var archived = cloud.EventBridge.ReadArchive(InsightsTopology.Bus.Name, from: null, to: null, max: int.MaxValue);
            var comparison = await check.CompareAsync(valid.Board, LeaderboardRebuild.DetailsOf(archived.Select(e => e.Json)), cancellationToken);
            return Results.Json(comparison, InsightsJsonContext.Default.BoardComparison);
        });

        return routes;
    }

    /// <summary>The queue that dead-letters into <paramref name="deadLetterQueue"/>, when exactly one does.</summary>
    private static string? SourceOf(TopologyDefinition topology, string deadLetterQueue) =>
        topology.Queues.Where(q => q.Redrive?.DeadLetterQueue == deadLetterQueue).Select(q => q.Name).ToList() is [var single] ? single : null;

    /// <summary>
    /// <c>limit</c> read by hand, not bound as <c>int?</c>: a value that does not bind would be a
    /// bare 400 that names nothing. Absent is <paramref name="defaultLimit"/>; otherwise it must be
    /// given once, as a whole number from 1 to <see cref="MaxLimit"/>.
    /// </summary>
    private static bool TryReadLimit(HttpRequest request, int defaultLimit, out int limit)
    {
        var values = request.Query[LimitParameter];
        limit = defaultLimit;
        return values.Count == 0
            || (values.Count == 1
                && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit)
                && limit is >= 1 and <= MaxLimit);
    }

    private static IResult LimitProblem() =>
        RequestProblems.InvalidParameter(LimitParameter, $"must be given once, as a whole number from 1 to {MaxLimit}.");

    private static IResult OnQueue(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (QueueException e)
        {
            var status = e.ErrorCode == "AWS.SimpleQueueService.NonExistentQueue" ? 404 : 400;
            return Results.Problem(statusCode: status, title: e.ErrorCode, detail: e.Message);
        }
    }
}
