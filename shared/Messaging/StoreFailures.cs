using System.Net.Sockets;

namespace Razors.Messaging;

/// <summary>
/// Tells a failure that says only "a store or service could not be reached" (the connection was
/// refused, reset or timed out) from one the code or the data caused: the first goes away by itself,
/// so it must never send a request to a 500 or an event to a DLQ.
/// </summary>
public static class StoreFailures
{
    /// <summary>
    /// An <see cref="HttpRequestException"/>, a <see cref="SocketException"/> or a
    /// <see cref="TimeoutException"/> anywhere in the chain of <paramref name="exception"/>.
    /// </summary>
    public static bool IsUnreachable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is HttpRequestException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
