using System.Diagnostics.Metrics;
using System.Security.Cryptography;

namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary>The provider's meter, observed while it works against a SoftHSM2 token.</summary>
[Collection(SoftHsm2TokenGroup.Name)]
public sealed class SoftHsm2TelemetryTests
{
    [SkippableFact]
    public async Task Token_operations_are_counted_by_operation_and_outcome()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var counted = new List<(string Operation, string Outcome)>();
        var durations = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Telehealth.Crypto.Pkcs11")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            var operation = tags.ToArray().Single(t => t.Key == "operation").Value as string;
            var outcome = tags.ToArray().Single(t => t.Key == "outcome").Value as string;
            lock (counted)
            {
                counted.Add((operation!, outcome!));
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Interlocked.Increment(ref durations));
        listener.Start();

        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        var wrapped = await provider.WrapAsync(reference, RandomNumberGenerator.GetBytes(32), "a"u8.ToArray());
        await Assert.ThrowsAsync<CryptoException>(() => provider.UnwrapAsync(reference, wrapped, "b"u8.ToArray(), new byte[32]).AsTask());
        await provider.DestroyKeyAsync(reference);

        Assert.Equal([("create", "ok"), ("wrap", "ok"), ("unwrap", "failed"), ("destroy", "ok")], counted);
        Assert.Equal(4, durations);
    }
}
