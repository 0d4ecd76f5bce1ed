using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Razors.LocalCloud.Patterns;

/// <summary>An inclusive range of IPv4 or IPv6 addresses, compared by value so any spelling of an address matches.</summary>
internal sealed class IpRange
{
    private static readonly SearchValues<char> IPv6Characters = SearchValues.Create("0123456789abcdefABCDEF:");

    private readonly bool isV6;
    private readonly UInt128 lowest;
    private readonly UInt128 highest;

    private IpRange(bool isV6, UInt128 lowest, UInt128 highest)
    {
        this.isV6 = isV6;
        this.lowest = lowest;
        this.highest = highest;
    }

    /// <summary>The single address a string literal names, or null when the literal is no IP address.</summary>
    public static IpRange? SingleAddressOrNull(string literal) =>
        TryParseAddress(literal, out var isV6, out var address) ? new IpRange(isV6, address, address) : null;

    /// <exception cref="InvalidEventPatternException">Not a CIDR block event-ruler accepts.</exception>
    public static IpRange ParseCidr(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2)
        {
            throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
        }

        if (!int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var maskBits))
        {
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must be an integer");
        }

        if (maskBits < 0)
        {
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must not be negative");
        }

        if (!TryParseAddress(parts[0], out var isV6, out var address))
        {
            throw new InvalidEventPatternException($"Nonstandard IP address: {parts[0]}");
        }

        // event-ruler (CIDR.cidr) stops one bit short of a single host: /32 and /128 are rejected,
        // and an exact string literal is the way to match one address.
        var width = isV6 ? 128 : 32;
        if (maskBits >= width)
        {
            throw new InvalidEventPatternException(
                isV6 ? "IPv6 mask bits must be < 128" : "IPv4 mask bits must be < 32");
        }

        // Host bits in the block are ignored: 220.160.154.255/24 covers .0 to .255
        // (MachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange).
        var hostMask = maskBits == 0 ? (UInt128.One << width) - 1 : (UInt128.One << (width - maskBits)) - 1;
        return new IpRange(isV6, address & ~hostMask, address | hostMask);
    }

    public bool Contains(ReadOnlySpan<char> text) =>
        TryParseAddress(text, out var v6, out var address) && v6 == isV6 && address >= lowest && address <= highest;

    // Only plain dotted-quad IPv4 and hex-and-colon IPv6 count as addresses; IPAddress.TryParse alone
    // would also take "10", "1.2.3", zone ids and dotted IPv4-in-IPv6, which AWS calls nonstandard.
    private static bool TryParseAddress(ReadOnlySpan<char> text, out bool isV6, out UInt128 address)
    {
        isV6 = text.Contains(':');
        address = default;
        var shaped = isV6 ? IsIPv6Shape(text) : IsIPv4Shape(text);
        if (!shaped || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!parsed.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        address = written == 16
            ? BinaryPrimitives.ReadUInt128BigEndian(bytes)
            : BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    private static bool IsIPv4Shape(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.IsEmpty || part.Length > 3 || part.ContainsAnyExceptInRange('0', '9')
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static bool IsIPv6Shape(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(IPv6Characters);
}
