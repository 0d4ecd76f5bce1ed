namespace Razors.Insights.Domain;

/// <summary>One entry of one board: the product's score on it.</summary>
public sealed record BoardKey(string Board, string ProductId);

/// <summary>A stored or recomputed board entry: <see cref="Score"/> active subscriptions of the product count on the board.</summary>
public sealed record BoardEntry(string Board, string ProductId, long Score);
