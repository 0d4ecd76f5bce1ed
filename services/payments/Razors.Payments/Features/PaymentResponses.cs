using Microsoft.AspNetCore.Http;
using Razors.Payments.Domain;

namespace Razors.Payments.Features;

/// <summary>Answers that carry payment resources.</summary>
internal static class PaymentResponses
{
    /// <summary>One payment, with its <c>Location</c>.</summary>
    public static IResult Resource(HttpContext context, Payment payment)
    {
        context.Response.Headers.Location = $"{context.Request.PathBase}/payments/{payment.PaymentId:D}";
        return Results.Json(PaymentResource.From(payment), PaymentsJsonContext.Default.PaymentResource);
    }

    public static IResult Collection(IEnumerable<Payment> payments) =>
        Results.Json(payments.Select(PaymentResource.From).ToArray(), PaymentsJsonContext.Default.PaymentResourceArray);

    /// <summary>Ids in routes and queries are GUIDs in the 36-character form that <c>Location</c> uses.</summary>
    public static bool TryParseId(string? id, out Guid paymentId) =>
        Guid.TryParseExact(id, "D", out paymentId);
}
