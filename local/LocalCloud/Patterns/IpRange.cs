using System.Globalization;

namespace Razors.LocalCloud.Patterns;

/// <summary>An inclusive range of IPv4 or IPv6 addresses, compared by value so any spelling of an address matches.</summary>
internal sealed class IpRange
{
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

    // Only plain dotted-quad IPv4 and hex-and-colon IPv6 are addresses: AWS calls "10", "1.2.3", zone ids
    // and dotted IPv4-in-IPv6 nonstandard. Parsed by hand because it runs on every matched event value,
    // and IPAddress.TryParse allocates.
    private static bool TryParseAddress(ReadOnlySpan<char> text, out bool isV6, out UInt128 address)
    {
        isV6 = text.Contains(':');
        if (isV6)
        {
            return TryParseIPv6(text, out address);
        }

        var parsed = TryParseIPv4(text, out var v4);
        address = v4;
        return parsed;
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.IsEmpty || part.Length > 3
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
            {
                return false;
            }

            address = (address << 8) | octet;
        }

        return parts == 4;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out UInt128 address)
    {
        address = 0;
        Span<ushort> head = stackalloc ushort[8];
        Span<ushort> tail = stackalloc ushort[8];
        var gap = text.IndexOf("::", StringComparison.Ordinal);
        int headCount, tailCount = 0;
        if (gap < 0)
        {
            if (!TryParseGroups(text, head, out headCount) || headCount != 8)
            {
                return false;
            }
        }
        else if (text[(gap + 2)..].Contains("::", StringComparison.Ordinal)
                 || !TryParseGroups(text[..gap], head, out headCount)
                 || !TryParseGroups(text[(gap + 2)..], tail, out tailCount)
                 || headCount + tailCount > 7)
        {
            return false;
        }

        // The "::" stands for the zero groups between head and tail.
        for (var i = 0; i < headCount; i++)
        {
            address |= (UInt128)head[i] << (16 * (7 - i));
        }

        for (var i = 0; i < tailCount; i++)
        {
            address |= (UInt128)tail[i] << (16 * (tailCount - 1 - i));
        }

        return true;
    }

    private static bool TryParseGroups(ReadOnlySpan<char> text, Span<ushort> groups, out int count)
    {
        count = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        foreach (var range in text.Split(':'))
        {
            var group = text[range];
            if (count == groups.Length || group.IsEmpty || group.Length > 4
                || !ushort.TryParse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out groups[count]))
            {
                return false;
            }

            count++;
        }

        return true;
    }
}
