using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Razors.Contracts.Tests;

public sealed class every_v1_event
{
    public static TheoryData<string> TypeIds() => [.. EventTypes.All.Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void serializes_to_its_pinned_json_shape(string typeId)
    {
        var type = EventTypes.Find(typeId)!;
        var json = JsonSerializer.SerializeToNode(Samples.Envelope(type), type.EnvelopeTypeInfo)!;

        Snapshot.Match(json, $"expected/{typeId}.json");
    }

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void has_a_checked_in_json_schema_that_matches_the_record(string typeId)
    {
        var type = EventTypes.Find(typeId)!;
        var schema = type.EnvelopeTypeInfo.GetJsonSchemaAsNode(new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["$id"] = $"https://razors.example/schemas/{typeId}.schema.json";
        schema["title"] = type.DetailType;
        // The exporter cannot see nullability through the generic T of EventEnvelope<T>; data is required and never null.
        schema["properties"]!["data"]!["type"] = "object";

        Snapshot.Match(schema, $"../../shared/Contracts/schemas/{typeId}.schema.json");
    }

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void round_trips_through_the_source_generated_context(string typeId)
    {
        var type = EventTypes.Find(typeId)!;
        var envelope = Samples.Envelope(type);

        var json = JsonSerializer.Serialize(envelope, type.EnvelopeTypeInfo);
        var back = JsonSerializer.Deserialize(json, type.EnvelopeTypeInfo);

        Assert.Equal(envelope, back);
    }

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void rejects_a_detail_without_its_required_data(string typeId)
    {
        var type = EventTypes.Find(typeId)!;
        var json = JsonSerializer.SerializeToNode(Samples.Envelope(type), type.EnvelopeTypeInfo)!.AsObject();
        var data = json["data"]!.AsObject();
        data.Remove(data.First().Key);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json.ToJsonString(), type.EnvelopeTypeInfo));
    }

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void is_named_in_the_past_tense_with_a_versioned_type_id_under_its_source(string typeId)
    {
        var type = EventTypes.Find(typeId)!;

        Assert.Matches("(ed|Failed)$", type.DetailType);
        Assert.Equal(type.ClrType.Name, type.DetailType);
        Assert.StartsWith(type.Source + ".", type.Id, StringComparison.Ordinal);
        Assert.EndsWith(".v1", type.Id, StringComparison.Ordinal);
        Assert.True(type.ClrType.IsSealed);
        Assert.Equal(typeof(object), type.ClrType.BaseType);
    }
}

public sealed class the_event_type_registry
{
    [Fact]
    public void has_unique_type_ids_and_names()
    {
        Assert.Equal(EventTypes.All.Count, EventTypes.All.Select(t => t.Id).Distinct().Count());
        Assert.Equal(EventTypes.All.Count, EventTypes.All.Select(t => t.DetailType).Distinct().Count());
    }

    [Fact]
    public void covers_every_event_record_of_the_contracts_assembly()
    {
        var records = typeof(EventTypes).Assembly.GetExportedTypes()
            .Where(t => t.IsSealed && t.Namespace == "Razors.Contracts" && (t.Name.EndsWith("ed", StringComparison.Ordinal) || t.Name.EndsWith("Failed", StringComparison.Ordinal)))
            .ToHashSet();

        Assert.Equal(records, EventTypes.All.Select(t => t.ClrType).ToHashSet());
    }

    [Fact]
    public void refuses_a_type_that_is_not_an_event()
    {
        var ex = Assert.Throws<ArgumentException>(() => EventTypes.Of<EventMetadata>());
        Assert.Contains(nameof(EventMetadata), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void knows_no_unknown_type_id()
    {
        Assert.Null(EventTypes.Find("razors.subscription.created.v2"));
    }
}

public sealed class the_envelope_json
{
    [Fact]
    public void puts_metadata_and_data_at_the_top_with_camel_case_names()
    {
        var type = EventTypes.SubscriptionCreated;
        var json = JsonNode.Parse(JsonSerializer.Serialize(Samples.Envelope(type), type.EnvelopeTypeInfo))!.AsObject();

        Assert.Equal(["metadata", "data"], json.Select(p => p.Key));
        Assert.Equal(
            ["eventId", "eventType", "occurredAt", "correlationId", "causationId", "traceparent", "aggregateId", "aggregateVersion"],
            json["metadata"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void omits_absent_optional_metadata()
    {
        var type = EventTypes.SubscriptionCancelled;
        var metadata = Samples.Metadata(type) with { CausationId = null, Traceparent = null };
        var envelope = new EventEnvelope<SubscriptionCancelled> { Metadata = metadata, Data = (SubscriptionCancelled)Samples.Data[type] };

        var json = JsonNode.Parse(JsonSerializer.Serialize(envelope, RazorsJsonContext.Default.EventEnvelopeSubscriptionCancelled))!;

        Assert.Null(json["metadata"]!["causationId"]);
        Assert.False(json["metadata"]!.AsObject().ContainsKey("traceparent"));
    }
}
