namespace Telehealth.Audit.Tests.Alerts;

public sealed class SlidingWindowCounterTests
{
    private static readonly DateTimeOffset T0 = AlertEntries.Start;

    [Fact]
    public void KeysWhoseWindowIsEmptyAreSweptAway()
    {
        var counter = new SlidingWindowCounter(3, TimeSpan.FromMinutes(1), "threshold", "window");

        // 5,000 one-off keys, one per second: only the keys of the last minute (plus the sweep lag) stay.
        for (var i = 0; i < 5000; i++)
        {
            Assert.False(counter.Record("k-" + i, T0.AddSeconds(i)));
        }

        Assert.InRange(counter.KeyCount, 1, 60 + 1024);
    }

    [Fact]
    public void AKeyThatAlertedIsKeptUntilItsQuietPeriodEnds()
    {
        var counter = new SlidingWindowCounter(1, TimeSpan.FromHours(1), "threshold", "window");
        Assert.True(counter.Record("hot", T0));
        for (var i = 1; i <= 1024; i++)
        {
            counter.Record("k-" + i, T0.AddSeconds(i));
        }

        // The sweep ran within the hour: "hot" must still be quiet.
        Assert.False(counter.Record("hot", T0.AddMinutes(59)));
        Assert.True(counter.Record("hot", T0.AddHours(1)));
    }

    [Fact]
    public void StateStaysBoundedForABusyKey()
    {
        var counter = new SlidingWindowCounter(5, TimeSpan.FromDays(1), "threshold", "window");
        var alerts = 0;
        for (var i = 0; i < 100_000; i++)
        {
            alerts += counter.Record("busy", T0.AddMilliseconds(i)) ? 1 : 0;
        }

        Assert.Equal(1, alerts);
        Assert.Equal(1, counter.KeyCount);
    }
}
