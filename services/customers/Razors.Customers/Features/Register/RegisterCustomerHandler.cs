using System.Security.Cryptography;
using System.Text.Json;
using Razors.Customers.Domain;
using Razors.Customers.Ports;
using Razors.Messaging;

namespace Razors.Customers.Features.Register;

/// <summary>
/// The one way a customer is registered, for <c>POST /customers</c> and for each import row: the
/// customer, the guard of its address and its <c>CustomerRegistered</c> outbox record in one atomic
/// write, with the idempotency record of the request or the outcome of the row.
/// </summary>
public sealed class RegisterCustomerHandler(ICustomerStore store, IIdGenerator ids, TimeProvider time)
{
    /// <summary>A registration through the API, made once per <paramref name="idempotencyKey"/> when one is given.</summary>
    public async Task<RegistrationResult> RegisterAsync(CustomerDetails details, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        var requestHash = idempotencyKey is null ? null : RequestHash(details);
        if (idempotencyKey is not null && await FindEarlierAsync(idempotencyKey, requestHash!, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var registration = New(details, importId: null);
        if (idempotencyKey is not null)
        {
            registration = registration with
            {
                Idempotency = new IdempotencyRecord(idempotencyKey, requestHash!, registration.Customer.Id, registration.Customer.RegisteredAt),
            };
        }

        return await WriteAsync(registration, cancellationToken) switch
        {
            RegistrationWrite.Saved => new RegistrationResult.Registered(registration.Customer),
            RegistrationWrite.Conflict => new RegistrationResult.Busy(),
            RegistrationWrite.EmailTaken => new RegistrationResult.EmailTaken(details.Email),

            // A concurrent request with the same key committed between our read and our write, or is committing now.
            RegistrationWrite.IdempotencyKeyTaken =>
                await FindEarlierAsync(idempotencyKey!, requestHash!, cancellationToken) ?? new RegistrationResult.KeyInUse(),
            var write => throw new InvalidOperationException($"A registration through the API cannot end as {write}."),
        };
    }

    /// <summary>
    /// A registration for one import row, made at most once per import and line: a redelivered row
    /// changes nothing. An address that another customer holds rejects the row.
    /// </summary>
    public async Task<RowOutcome> RegisterRowAsync(ImportRowRef row, CustomerDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(details);
        var registration = New(details, row.ImportId) with { Row = row };
        switch (await WriteAsync(registration, cancellationToken))
        {
            case RegistrationWrite.Conflict:
                throw new InvalidOperationException(
                    $"Import {row.ImportId} line {row.Line}: other writers held the row or its address through {Attempts} attempts; the row will be delivered again.");
            case RegistrationWrite.Saved:
                return RowOutcome.Registered;
            case RegistrationWrite.RowDone:
                return RowOutcome.AlreadyHandled;
            case RegistrationWrite.EmailTaken:
                return await RejectAsync(row, new ImportRejection(CustomerFields.Email, $"'{details.Email}' is registered already (a duplicate address)."), cancellationToken);
            case var write:
                throw new InvalidOperationException($"A registration of an import row cannot end as {write}.");
        }
    }

    /// <summary>Records that the row registered nobody, once.</summary>
    public async Task<RowOutcome> RejectAsync(ImportRowRef row, ImportRejection rejection, CancellationToken cancellationToken) =>
        await store.RecordRejectionAsync(row, rejection, cancellationToken) ? RowOutcome.Rejected : RowOutcome.AlreadyHandled;

    /// <summary>How often a registration that raced another writer is tried.</summary>
    internal const int Attempts = 5;

    /// <summary>The write, tried again (the same ids, so the same transaction) while another writer holds one of its items.</summary>
    private async Task<RegistrationWrite> WriteAsync(Registration registration, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var write = await store.RegisterAsync(registration, cancellationToken);
            if (write != RegistrationWrite.Conflict || attempt == Attempts)
            {
                return write;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 << attempt), time, cancellationToken);
        }
    }

    private Registration New(CustomerDetails details, string? importId)
    {
        var now = time.GetUtcNow();
        var customer = new Customer(ids.NewId(), details, Version: 1, now) { ImportId = importId };
        var eventId = ids.NewId();
        return new Registration(customer, CustomersEvents.ToOutbox(CustomersEvents.Registered(customer), customer, eventId, now));
    }

    private async Task<RegistrationResult?> FindEarlierAsync(string key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await store.GetIdempotencyRecordAsync(key, cancellationToken);
        if (record is null || !record.IsLiveAt(time.GetUtcNow()))
        {
            return null;
        }

        if (record.RequestHash != requestHash)
        {
            return new RegistrationResult.KeyReused();
        }

        // The record and the customer were written in one transaction.
        var customer = await store.GetAsync(record.CustomerId, cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency key '{key}' names customer {record.CustomerId}, which does not exist.");
        return new RegistrationResult.Replayed(customer);
    }

    /// <summary>A request by its meaning: the validated (trimmed) fields, in a JSON array so every string stays unambiguous.</summary>
    internal static string RequestHash(CustomerDetails details)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new[] { details.Name, details.Email, details.State, details.City, details.Postcode },
            CustomersJsonContext.Default.StringArray);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}

/// <summary>What a registration through the API did.</summary>
public abstract record RegistrationResult
{
    private RegistrationResult()
    {
    }

    /// <summary>A new customer and its event were stored.</summary>
    public sealed record Registered(Customer Customer) : RegistrationResult;

    /// <summary>The idempotency key was used before with the same request: nothing new was stored.</summary>
    public sealed record Replayed(Customer Customer) : RegistrationResult;

    /// <summary>Another customer holds the address: nothing was stored.</summary>
    public sealed record EmailTaken(string Email) : RegistrationResult;

    /// <summary>The idempotency key was used before with a different request: nothing was stored.</summary>
    public sealed record KeyReused : RegistrationResult;

    /// <summary>Another request with the idempotency key is being stored right now: nothing was stored.</summary>
    public sealed record KeyInUse : RegistrationResult;

    /// <summary>Other writers held the address or the key through every attempt: nothing was stored; try again.</summary>
    public sealed record Busy : RegistrationResult;
}

/// <summary>What handling an import row did.</summary>
public enum RowOutcome
{
    Registered,
    Rejected,

    /// <summary>The row had an outcome already: nothing was written.</summary>
    AlreadyHandled,
}
