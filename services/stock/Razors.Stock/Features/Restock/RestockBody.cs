namespace Razors.Stock.Features.Restock;

/// <summary>
/// The shape of <c>PUT /stock/{productId}</c>'s body, for the OpenAPI document only: the endpoint
/// reads the body itself (<see cref="RestockRequest"/>).
/// </summary>
internal sealed record RestockBody(int UnitsOnHand);
