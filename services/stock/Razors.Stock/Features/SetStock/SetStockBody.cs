namespace Razors.Stock.Features.SetStock;

/// <summary>
/// The shape of <c>PUT /stock/{productId}</c>'s body, for the OpenAPI document only: the endpoint
/// reads the body itself (<see cref="UnitsRequest"/>).
/// </summary>
internal sealed record SetStockBody(int UnitsOnHand);
