using System.Globalization;
using Telehealth.Audit;

// Usage: Telehealth.Audit.CrashHost <store directory> <concurrent appenders>
// Prints "ready" once the store is open, then "ack <sequence> <leaf hash hex>" for every durable
// append, until it is killed.
var directory = args[0];
var appenders = int.Parse(args[1], CultureInfo.InvariantCulture);
var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = directory, SegmentMaxBytes = 256 * 1024 });
var output = Console.Out;
var gate = new object();
lock (gate)
{
    output.WriteLine("ready");
    output.Flush();
}

var workers = Enumerable.Range(0, appenders).Select(worker => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var result = await store.AppendAsync(new AuditRecord
        {
            Actor = new AuditActor("worker-" + worker.ToString(CultureInfo.InvariantCulture), AuditActorType.Service),
            Action = "phi.read",
            Resource = new AuditResource("patient-record", "r-" + i.ToString(CultureInfo.InvariantCulture)),
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000 + i),
        });
        lock (gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {result.Sequence} {Convert.ToHexStringLower(result.LeafHash.Span)}"));
            output.Flush();
        }
    }
})).ToArray();
await Task.WhenAll(workers);
