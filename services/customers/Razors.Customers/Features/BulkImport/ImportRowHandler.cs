using Razors.Customers.Domain;
using Razors.Customers.Features.Register;
using Razors.Customers.Ports;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// One import row: validated as <c>POST /customers</c> validates a body and registered through the
/// same handler, or rejected with the first bad field and every reason; once per import and line.
/// </summary>
public sealed class ImportRowHandler(RegisterCustomerHandler registration)
{
    public Task<RowOutcome> HandleAsync(ImportRowMessage row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var reference = new ImportRowRef(row.ImportId, row.Line);
        if (row.Rejection is { } rejected)
        {
            return registration.RejectAsync(reference, rejected, cancellationToken);
        }

        var errors = new FieldErrors();
        var details = CustomerFields.Validate(row.Fields ?? new Dictionary<string, string?>(), errors);
        if (details is not null)
        {
            return registration.RegisterRowAsync(reference, details, cancellationToken);
        }

        var all = errors.ToDictionary();
        var first = CustomerFields.All.First(all.ContainsKey);
        var reason = string.Join(" ", all.OrderBy(e => e.Key == first ? 0 : 1).SelectMany(e => e.Value.Select(m => e.Key == first ? m : $"Also {e.Key} {m}")));
        return registration.RejectAsync(reference, new ImportRejection(first, reason), cancellationToken);
    }
}
