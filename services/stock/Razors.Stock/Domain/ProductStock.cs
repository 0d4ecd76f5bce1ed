namespace Razors.Stock.Domain;

/// <summary>
/// A product of the catalogue and the units of it on hand (never below zero). Its id is in the one
/// id charset (Razors.ServiceDefaults.ClientIds), checked where a client supplies it.
/// </summary>
public sealed record ProductStock(string ProductId, int UnitsOnHand);
