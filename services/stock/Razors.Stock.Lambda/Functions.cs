namespace Razors.Stock.Lambda;

/// <summary>The stock service's Lambda entry points (handler strings in <c>StockTopology</c>).</summary>
public static class Functions
{
    public static Task<Stream> Relay(Stream input) => throw new NotImplementedException();

    public static Task<Stream> Inbound(Stream input) => throw new NotImplementedException();

    public static Task<Stream> Api(Stream input) => throw new NotImplementedException();
}
