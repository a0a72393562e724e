namespace Telehealth.Crypto.Tests;

/// <summary>Allocation checks of hot paths that stay reliable on a busy machine.</summary>
internal static class Allocations
{
    /// <summary>
    /// Runs <paramref name="round"/> five times and asserts that at least one run allocated nothing on this thread.
    /// An allocation on the path shows in every run; a run disturbed by the runtime (tiering, a busy machine) shows
    /// once, so one clean run proves the path allocates nothing.
    /// </summary>
    public static void AssertNone(Action round)
    {
        var allocated = new long[5];
        for (var i = 0; i < allocated.Length; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(allocated.Contains(0), $"bytes allocated per run: {string.Join(", ", allocated)}");
    }
}
