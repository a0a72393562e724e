namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Many writers on two store instances (two connection pools, as on two nodes) racing on one PostgreSQL keyring.</summary>
public sealed class PostgreSqlKeyringStoreConcurrencyTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    private const int Rounds = 12;
    private const int WritersPerRound = 16;

    [SkippableFact]
    public async Task Exactly_one_of_many_parallel_writers_wins_each_revision_and_its_document_is_what_is_stored()
    {
        var options = database.NewSchema();
        await using var nodeA = new PostgreSqlKeyringStore(options);
        await using var nodeB = new PostgreSqlKeyringStore(options);
        PostgreSqlKeyringStore[] nodes = [nodeA, nodeB];

        // Round 0 races to create the keyring; every later round races to replace revision r.
        for (var expected = 0L; expected < Rounds; expected++)
        {
            var revision = expected + 1;
            var candidates = Enumerable.Range(0, WritersPerRound)
                .Select(w => Candidate(revision, w))
                .ToArray();
            using var start = new ManualResetEventSlim();
            var writes = candidates
                .Select((document, w) => Task.Run(async () =>
                {
                    start.Wait();
                    return await nodes[w % 2].TryWriteAsync(document, revision - 1);
                }))
                .ToArray();
            start.Set();
            var results = await Task.WhenAll(writes);

            var winner = Assert.Single(Enumerable.Range(0, WritersPerRound), w => results[w]);
            TestKeyrings.AssertSame(candidates[winner], await nodes[(winner + 1) % 2].LoadAsync("race"));
        }
    }

    // Each candidate has a different number of versions, so a mix of two writers' rows would show.
    private static KeyringDocument Candidate(long revision, int writer) => new()
    {
        KeyringId = "race",
        Revision = revision,
        MinimumDecryptionVersion = 1,
        Versions = Enumerable.Range(1, 1 + (writer % 4))
            .Select(v => TestKeyrings.Version(
                v,
                v == 1 ? KeyEncryptionKeyState.Primary : KeyEncryptionKeyState.Pending,
                reference: $"r{revision}-w{writer}-v{v}"))
            .ToArray(),
    };
}
