namespace Razors.Stock.Domain;

/// <summary>
/// The products a new stock table starts with. Seeding adds the ones that are missing and leaves
/// the others alone, so units that were allocated or restocked survive a restart.
/// </summary>
public static class Catalogue
{
    public static readonly IReadOnlyList<ProductStock> Seed =
    [
        new("razor-classic", 1000, Version: 1),
        new("razor-pro", 500, Version: 1),
        new("razor-travel", 50, Version: 1),
    ];
}
