using System.Diagnostics;

namespace Razors.Testing;

/// <summary>What a test asks about a process it started or was told of.</summary>
public static class Processes
{
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
