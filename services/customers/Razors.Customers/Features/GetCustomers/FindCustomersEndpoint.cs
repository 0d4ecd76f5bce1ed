using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Razors.Customers.Domain;
using Razors.Customers.Ports;
using Razors.ServiceDefaults;

namespace Razors.Customers.Features.GetCustomers;

/// <summary>
/// <c>GET /customers?email=…</c> finds the customer with that address in the customers table (0 or
/// 1 items); <c>GET /customers?state=…[&amp;city=…][&amp;limit=…][&amp;cursor=…]</c> lists a
/// region's customers from the region replica (no postcode), <c>limit</c> (1–100, 25 by default)
/// per page, in city then id order. The replica follows the table's stream, so a customer just
/// registered may take a moment to appear. A 400 problem names each bad or conflicting parameter.
/// </summary>
internal static class FindCustomersEndpoint
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/customers", HandleAsync)
        .Produces<CustomerPage>()
        .ProducesValidationProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> HandleAsync(
        HttpContext context, [FromServices] ICustomerStore store, [FromServices] IRegionDirectory regions)
    {
        var query = context.Request.Query;
        var errors = new FieldErrors();
        string? Single(string name)
        {
            if (!query.TryGetValue(name, out var values))
            {
                return null;
            }

            if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            {
                errors.Add(name, "must be given once, not empty.");
                return null;
            }

            return values[0]!.Trim();
        }

        foreach (var name in query.Keys.Where(k => k is not ("email" or "state" or "city" or "limit" or "cursor")))
        {
            errors.Add(name, "is not a parameter of this query: use email, or state with city, limit and cursor.");
        }

        var email = Single("email");
        var state = Single("state");
        var city = Single("city");
        var limitText = Single("limit");
        var cursor = Single("cursor");
        var limit = DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }

        if (state is not null || city is not null)
        {
            // The registration's rules, so a query never reaches the replica with what no customer can hold.
            (state, city) = CustomerFields.Region(state ?? "", city, cityRequired: false, errors);
        }

        if (email is not null && (state ?? city ?? limitText ?? cursor) is not null)
        {
            errors.Add("email", "finds one customer: it cannot be combined with state, city, limit or cursor.");
        }
        else if (email is null && state is null && !errors.Any)
        {
            errors.Add("state", "is required unless email is given (GET /customers?email=… or ?state=…).");
        }

        if (errors.Any)
        {
            return Results.ValidationProblem(errors.ToDictionary(), statusCode: StatusCodes.Status400BadRequest, title: "The query is invalid.");
        }

        if (email is not null)
        {
            var customer = EmailAddresses.IsValid(email) ? await store.FindByEmailAsync(email, context.RequestAborted) : null;
            return Page(customer is null ? [] : [CustomerResource.From(customer)], nextCursor: null);
        }

        RegionPage page;
        try
        {
            page = await regions.ListAsync(state!, city, limit, cursor, context.RequestAborted);
        }
        catch (ArgumentException e) when (e.ParamName == "cursor")
        {
            return RequestProblems.InvalidParameter("cursor", "is not a cursor this query answered: send nextCursor as it came, with the same state and city.");
        }

        return Page([.. page.Items.Select(CustomerResource.From)], page.NextCursor);
    }

    private static IResult Page(IReadOnlyList<CustomerResource> items, string? nextCursor) =>
        Results.Json(new CustomerPage(items, nextCursor), CustomersJsonContext.Default.CustomerPage);
}
