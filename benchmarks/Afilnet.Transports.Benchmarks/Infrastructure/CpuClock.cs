using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// CPU time clocks for the ratios mode. The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>)
/// counts only the work of calls that run start to end on this thread, so it is not disturbed by other threads or by
/// time the thread spends descheduled; the process's CPU time (all threads, every core) is the fallback for calls that hop threads.
/// </summary>
internal static partial class CpuClock
{
    private const int ClockProcessCpuTimeId = 2; // CLOCK_PROCESS_CPUTIME_ID in <time.h> on Linux
    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>Whether <see cref="ThreadNanoseconds"/> is available (Linux only).</summary>
    public static bool HasThreadClock { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>CPU time the calling thread has used, in nanoseconds.</summary>
    public static long ThreadNanoseconds() => Read(ClockThreadCpuTimeId);

    private static long Read(int clock)
    {
        if (clock_gettime(clock, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime({clock}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    /// <summary>CPU time every thread of the process has used (user and system), in nanoseconds.</summary>
    /// <remarks>
    /// <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c> on Linux: <see cref="Process.TotalProcessorTime"/> reads
    /// <c>/proc/self/stat</c> there, in clock ticks of 10 ms, too coarse for batches of a few tens of milliseconds.
    /// Elsewhere, that is the fallback.
    /// </remarks>
    public static long ProcessNanoseconds()
    {
        if (HasThreadClock)
        {
            return Read(ClockProcessCpuTimeId);
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.Ticks * 100;
    }

    private static bool Probe()
    {
        try
        {
            ThreadNanoseconds();
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
