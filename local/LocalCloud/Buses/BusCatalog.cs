using System.Text.Json;
using Razors.LocalCloud.Patterns;
using Razors.LocalCloud.Storage;
using Razors.Sqlite;
using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>A rule target chosen for one event.</summary>
internal sealed record Route(string RuleArn, TargetDefinition Target);

/// <summary>
/// Buses and rules, stored in SQLite and held in memory with their compiled patterns.
/// Readers take the current snapshot without a lock; writers replace it, so matching never
/// waits for a rule change and never holds a lock while the database does.
/// </summary>
internal sealed class BusCatalog
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bus_buses(
            name TEXT PRIMARY KEY,
            owner_service TEXT NOT NULL,
            archive_retention_days INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS bus_rules(
            bus TEXT NOT NULL REFERENCES bus_buses(name),
            name TEXT NOT NULL,
            event_pattern TEXT NOT NULL,
            description TEXT,
            PRIMARY KEY (bus, name));
        CREATE TABLE IF NOT EXISTS bus_targets(
            bus TEXT NOT NULL,
            rule TEXT NOT NULL,
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            kind TEXT NOT NULL,
            resource TEXT NOT NULL,
            maximum_retry_attempts INTEGER NOT NULL,
            maximum_event_age_seconds INTEGER NOT NULL,
            dead_letter_queue TEXT NOT NULL,
            PRIMARY KEY (bus, rule, id),
            FOREIGN KEY (bus, rule) REFERENCES bus_rules(bus, name) ON DELETE CASCADE);
        """;

    private readonly LocalCloudDatabase database;
    private readonly LocalArns arns;
    private readonly Lock writeGate = new();
    private volatile IReadOnlyDictionary<string, BusEntry> buses;

    public BusCatalog(LocalCloudDatabase database, LocalArns arns)
    {
        this.database = database;
        this.arns = arns;
        database.EnsureSchema(Schema);
        buses = Load();
    }

    public IReadOnlyList<BusDefinition> Buses => [.. buses.Values.Select(b => b.Definition).OrderBy(b => b.Name, StringComparer.Ordinal)];

    public bool Exists(string bus) => buses.ContainsKey(bus);

    public IReadOnlyList<RuleDefinition> Rules(string bus) =>
        buses.TryGetValue(bus, out var entry)
            ? [.. entry.Rules.Select(r => r.Definition)]
            : throw NoSuchBus(bus);

    public bool HasRule(string bus, string rule) =>
        buses.TryGetValue(bus, out var entry) && entry.Rules.Any(r => r.Definition.Name == rule);

    /// <summary>Creates the bus, or updates its settings if it exists, so a host can declare its topology on every start.</summary>
    public void CreateBus(BusDefinition bus)
    {
        RuleValidator.ValidateBus(bus);
        lock (writeGate)
        {
            database.Write((connection, transaction) => connection.Execute(transaction, """
                INSERT INTO bus_buses(name, owner_service, archive_retention_days) VALUES ($name, $owner, $retention)
                ON CONFLICT(name) DO UPDATE SET owner_service = excluded.owner_service, archive_retention_days = excluded.archive_retention_days
                """, ("$name", bus.Name), ("$owner", bus.OwnerService), ("$retention", bus.ArchiveRetentionDays)));
            var next = new Dictionary<string, BusEntry>(buses, StringComparer.Ordinal);
            next[bus.Name] = next.TryGetValue(bus.Name, out var existing) ? existing with { Definition = bus } : new BusEntry(bus, []);
            buses = next;
        }
    }

    /// <summary>Creates or replaces the rule and its targets (PutRule followed by PutTargets).</summary>
    public void PutRule(RuleDefinition rule)
    {
        var pattern = RuleValidator.Validate(rule);
        lock (writeGate)
        {
            if (!buses.TryGetValue(rule.Bus, out var bus))
            {
                throw NoSuchBus(rule.Bus);
            }

            database.Write((connection, transaction) =>
            {
                connection.Execute(transaction, """
                    INSERT INTO bus_rules(bus, name, event_pattern, description) VALUES ($bus, $name, $pattern, $description)
                    ON CONFLICT(bus, name) DO UPDATE SET event_pattern = excluded.event_pattern, description = excluded.description
                    """, ("$bus", rule.Bus), ("$name", rule.Name), ("$pattern", rule.EventPattern), ("$description", rule.Description));
                connection.Execute(transaction, "DELETE FROM bus_targets WHERE bus = $bus AND rule = $rule", ("$bus", rule.Bus), ("$rule", rule.Name));
                for (var position = 0; position < rule.Targets.Count; position++)
                {
                    var target = rule.Targets[position];
                    var (kind, resource) = TargetColumns.Of(target);
                    connection.Execute(transaction, """
                        INSERT INTO bus_targets(bus, rule, position, id, kind, resource,
                            maximum_retry_attempts, maximum_event_age_seconds, dead_letter_queue)
                        VALUES ($bus, $rule, $position, $id, $kind, $resource, $attempts, $age, $dlq)
                        """,
                        ("$bus", rule.Bus), ("$rule", rule.Name), ("$position", position), ("$id", target.Id), ("$kind", kind),
                        ("$resource", resource), ("$attempts", target.RetryPolicy.MaximumRetryAttempts),
                        ("$age", target.RetryPolicy.MaximumEventAgeInSeconds), ("$dlq", target.DeadLetterQueue));
                }

                return 0;
            });

            var compiled = new CompiledRule(rule, arns.Rule(rule.Bus, rule.Name), pattern);
            var rules = bus.Rules.ToList();
            var index = rules.FindIndex(r => r.Definition.Name == rule.Name);
            if (index < 0)
            {
                rules.Add(compiled);
            }
            else
            {
                rules[index] = compiled;
            }

            buses = new Dictionary<string, BusEntry>(buses, StringComparer.Ordinal) { [rule.Bus] = bus with { Rules = rules } };
        }
    }

    /// <summary>
    /// The targets of the bus's rules (all, or those in <paramref name="ruleNames"/>) whose pattern
    /// matches <paramref name="busEvent"/>. An event that another bus forwarded here is not routed
    /// to bus targets: "EventBridge can't route events received from a sender event bus to a
    /// third event bus" (eb-bus-to-bus).
    /// </summary>
    public IReadOnlyList<Route> Routes(string bus, JsonElement busEvent, IReadOnlyCollection<string>? ruleNames, bool forwarded)
    {
        if (!buses.TryGetValue(bus, out var entry))
        {
            return [];
        }

        var routes = new List<Route>();
        foreach (var rule in entry.Rules)
        {
            if (ruleNames is not null && !ruleNames.Contains(rule.Definition.Name))
            {
                continue;
            }

            if (!rule.Pattern.Matches(busEvent))
            {
                continue;
            }

            routes.AddRange(rule.Definition.Targets
                .Where(t => !(forwarded && t is BusTarget))
                .Select(t => new Route(rule.Arn, t)));
        }

        return routes;
    }

    private Dictionary<string, BusEntry> Load() => database.Read(connection =>
    {
        var definitions = new Dictionary<string, BusDefinition>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, owner_service, archive_retention_days FROM bus_buses";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                definitions[reader.GetString(0)] = new BusDefinition(reader.GetString(0), reader.GetString(1)) { ArchiveRetentionDays = reader.GetInt32(2) };
            }
        }

        var targets = new Dictionary<(string Bus, string Rule), List<TargetDefinition>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT bus, rule, id, kind, resource, maximum_retry_attempts, maximum_event_age_seconds, dead_letter_queue
                FROM bus_targets ORDER BY bus, rule, position
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!targets.TryGetValue(key, out var list))
                {
                    targets[key] = list = [];
                }

                list.Add(TargetColumns.Create(
                    reader.GetString(3), reader.GetString(2), reader.GetString(4),
                    new RetryPolicy(reader.GetInt32(5), reader.GetInt32(6)), reader.GetString(7)));
            }
        }

        var rules = definitions.Keys.ToDictionary(name => name, _ => new List<CompiledRule>(), StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT bus, name, event_pattern, description FROM bus_rules ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (bus, name) = (reader.GetString(0), reader.GetString(1));
                var definition = new RuleDefinition(bus, name, reader.GetString(2), targets.GetValueOrDefault((bus, name)) ?? [])
                {
                    Description = reader.IsDBNull(3) ? null : reader.GetString(3),
                };
                rules[bus].Add(new CompiledRule(definition, arns.Rule(bus, name), EventPattern.Parse(definition.EventPattern)));
            }
        }

        return definitions.ToDictionary(d => d.Key, d => new BusEntry(d.Value, rules[d.Key]), StringComparer.Ordinal);
    });

    private static LocalEventBridgeException NoSuchBus(string bus) => new("ResourceNotFoundException", $"Event bus {bus} does not exist.");

    private sealed record CompiledRule(RuleDefinition Definition, string Arn, EventPattern Pattern);

    private sealed record BusEntry(BusDefinition Definition, IReadOnlyList<CompiledRule> Rules);
}
