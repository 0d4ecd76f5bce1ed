using System.Text.Json.Serialization;
using Razors.Customers.Domain;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;

namespace Razors.Customers.Features;

/// <summary>A customer as the HTTP API shows it. A region query reads the replica, which has no postcode.</summary>
public sealed record CustomerResource(
    Guid Id, string Name, string Email, string State, string City, string? Postcode, long Version, DateTimeOffset? RegisteredAt, string? ImportId)
{
    public static CustomerResource From(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var d = customer.Details;
        return new(customer.Id, d.Name, d.Email, d.State, d.City, d.Postcode, customer.Version, customer.RegisteredAt, customer.ImportId);
    }

    public static CustomerResource From(RegionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.CustomerId, entry.Name, entry.Email, entry.State, entry.City, Postcode: null, entry.Version, RegisteredAt: null, ImportId: null);
    }
}

/// <summary>A page of customers; <see cref="NextCursor"/> asks for the next one and is absent on the last.</summary>
public sealed record CustomerPage(IReadOnlyList<CustomerResource> Items, string? NextCursor);

/// <summary>An import's progress: <c>pending</c> rows have no outcome yet; <c>rejections</c> name each rejected line's field and reason.</summary>
public sealed record ImportResource(
    string Id, ImportStatus Status, int Total, int Registered, int Rejected, int Pending, DateTimeOffset AcceptedAt, IReadOnlyList<ImportRejectedRow> Rejections)
{
    public static ImportResource From(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var import = report.Import;
        return new(import.Id, report.Status, import.Total, report.Registered, report.Rejected, report.Pending, import.AcceptedAt, report.Rejections);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CustomerResource))]
[JsonSerializable(typeof(CustomerPage))]
[JsonSerializable(typeof(ImportResource))]
[JsonSerializable(typeof(ImportRowMessage))]
[JsonSerializable(typeof(string[]))]
public sealed partial class CustomersJsonContext : JsonSerializerContext;
