namespace Razors.Stock.Features.Restock;

/// <summary>
/// The shape of <c>POST /stock/{productId}/restock</c>'s body, for the OpenAPI document only: the
/// endpoint reads the body itself (<see cref="UnitsRequest"/>).
/// </summary>
internal sealed record RestockBody(int Units);
