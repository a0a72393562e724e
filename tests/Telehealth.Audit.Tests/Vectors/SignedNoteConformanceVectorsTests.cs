using System.Buffers.Binary;
using System.Text;

namespace Telehealth.Audit.Tests.Vectors;

/// <summary>
/// C2SP signed-note conformance on published notes: the test notes of the reference implementation
/// (golang.org/x/mod/sumdb/note), the signed tree heads and cosignatures of transparency-dev/formats,
/// and the example of the C2SP tlog-cosignature specification. Signatures by unknown keys are ignored
/// whatever their length; a failing signature by a trusted key rejects the note.
/// </summary>
public sealed class SignedNoteConformanceVectorsTests
{
    private const string PeterKey = C2spSignedNoteVectorsTests.VerifierKey;
    private const string EnochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    private const string Text = C2spSignedNoteVectorsTests.Text;
    private const string PeterSig = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string EnochSig = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private const string SumdbKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
    private const string TreeHead = "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n";
    private const string SumdbSig = "\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";
    private const string MonkeysKey = "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT";
    private const string WitnessKey = "witness+f13a86db+AdYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN";
    private const string MonkeysSig = "\u2014 monkeys 202ffh9ve46Mqbhuyb4wnC2Pwdan5EsXQym/tF1ggXJqhjGosU4T5intH4iKMRgDLxrnXuIjRaU2NbvAnaepM6Y+8ww=\n";
    private const string BananasSig = "\u2014 bananas z2OfE+2bbsBZ7NLgfuslc0v7NFW2QyexJ7fhePpoL2N/P7N/COd5S+JNHbQEAlYzz2C5sg0E+x/MggS1mDR6t3/9rQw=\n";
    private const string WitnessSig = "\u2014 witness 8TqG25yWGFLdT7WPf/WoyeG3LwqtkXP+8S3yykOVm6EMh4hPgCke6eSVPU4BdtXNMPJBXKF+UpDbGgCdcpR8SVSoqAU=\n";

    // An Ed25519 cosignature/v1 (timestamp 1727964367) from transparency-dev/formats note_cosigv1_test.go.
    private const string CosignatureV1 = "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==";

    private const string TlogCosignatureExample =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" +
        "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" +
        "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

    private static readonly CheckpointVerifierKey Peter = CheckpointVerifierKey.Parse(PeterKey);
    private static readonly CheckpointVerifierKey Enoch = CheckpointVerifierKey.Parse(EnochKey);

    [Fact]
    public void GoSumdbNote_a_signature_by_an_unknown_key_is_ignored_and_exposed()
    {
        var (text, signatures) = SignedNote.Parse(Text + "\n" + PeterSig + EnochSig);

        Assert.True(SignedNote.IsSignedBy(text, signatures, [Peter]));
        Assert.True(SignedNote.IsSignedBy(text, signatures, [Enoch]));
        Assert.True(SignedNote.IsSignedBy(text, signatures, [Peter, Enoch]));
        Assert.False(SignedNote.IsSignedBy(text, signatures, []));
        Assert.Equal(["PeterNeumann", "EnochRoot"], signatures.Select(s => s.KeyName));
        Assert.Equal([0xc74f20a3u, 0xaf0cfe78u], signatures.Select(s => s.KeyId));
        Assert.All(signatures, s => Assert.Equal(64, s.Signature.Length));
    }

    [Fact]
    public void GoSumdbNote_a_failing_signature_by_a_trusted_key_rejects_the_note_even_when_another_verifies()
    {
        // The reference implementation's "invalid signature" case: ABCD inserted at byte 60 of Peter's line.
        var line = Encoding.UTF8.GetBytes(PeterSig);
        var mangled = Encoding.UTF8.GetString([.. line[..60], .. "ABCD"u8, .. line[60..]]);
        var (text, signatures) = SignedNote.Parse(Text + "\n" + mangled + EnochSig);

        Assert.Equal(0xc74f20a3u, signatures[0].KeyId);
        Assert.Equal(67, signatures[0].Signature.Length);
        Assert.False(SignedNote.IsSignedBy(text, signatures, [Peter, Enoch]));
        Assert.False(SignedNote.IsSignedBy(text, signatures, [Peter]));
        Assert.True(SignedNote.IsSignedBy(text, signatures, [Enoch]));
    }

    [Fact]
    public void GoSumdbNote_every_line_by_a_trusted_key_is_verified_and_repeated_lines_are_kept()
    {
        var line = Encoding.UTF8.GetBytes(EnochSig);
        var enochAbcd = Encoding.UTF8.GetString([.. line[..60], .. "ABCD"u8, .. line[60..]]);
        var (text, signatures) = SignedNote.Parse(Text + "\n" + PeterSig + PeterSig + EnochSig + EnochSig + enochAbcd);

        Assert.Equal(5, signatures.Length);
        Assert.True(SignedNote.IsSignedBy(text, signatures, [Peter]));
        Assert.False(SignedNote.IsSignedBy(text, signatures, [Peter, Enoch]));
    }

    [Fact]
    public void GoSumdbNote_more_than_100_signatures_are_malformed()
    {
        var (text, signatures) = SignedNote.Parse(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 100)));
        Assert.True(SignedNote.IsSignedBy(text, signatures, [Peter]));

        var ex = Assert.Throws<AuditFormatException>(() => SignedNote.Parse(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 101))));
        Assert.Equal(AuditErrorCodes.MalformedCheckpoint, ex.Code);
    }

    public static TheoryData<string> GoSumdbBadMessages => new()
    {
        Text,
        Text + "\n",
        Text + "\n" + PeterSig[..^1],
        "\u0001" + Text + "\n" + PeterSig,
        Text + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        Text + "\n" + PeterSig + "Unexpected line.\n",
    };

    [Theory]
    [MemberData(nameof(GoSumdbBadMessages))]
    public void GoSumdbNote_malformed_messages_are_rejected(string note) =>
        Assert.Equal(AuditErrorCodes.MalformedCheckpoint, Assert.Throws<AuditFormatException>(() => SignedNote.Parse(note)).Code);

    [Fact]
    public void GoSumdbNote_text_that_is_not_UTF8_is_malformed()
    {
        // The reference test prefixes the byte 0xFF; a .NET string holds the same defect as a lone surrogate
        // (kept out of theory data, whose serialization would replace it).
        foreach (var note in new[] { "\uD800" + Text + "\n" + PeterSig, Text + "\n" + PeterSig.Replace("Peter", "Pe\uDC00ter", StringComparison.Ordinal), Text + "\uDBFF\n" + PeterSig })
        {
            Assert.Equal(AuditErrorCodes.MalformedCheckpoint, Assert.Throws<AuditFormatException>(() => SignedNote.Parse(note)).Code);
        }
    }

    [Fact]
    public void TransparencyDevFormats_tree_head_whose_origin_has_spaces_verifies_under_a_key_of_another_name()
    {
        var (text, signatures) = SignedNote.Parse(TreeHead + "\n" + SumdbSig);
        Assert.Equal(TreeHead, text);
        Assert.True(SignedNote.IsSignedBy(text, signatures, [CheckpointVerifierKey.Parse(SumdbKey)]));
        Assert.False(SignedNote.IsSignedBy(text, signatures, [Peter]));
    }

    [Fact]
    public void TransparencyDevFormats_cosigned_tree_head_verifies_with_any_trusted_signer_and_ignores_name_or_id_lookalikes()
    {
        // random1 and random2 carry the witness's key id under other names: unknown keys, so ignored.
        var random1 = WitnessSig.Replace("witness", "random1", StringComparison.Ordinal);
        var random2 = WitnessSig.Replace("witness", "random2", StringComparison.Ordinal);
        var (text, signatures) = SignedNote.Parse(TreeHead + "\n" + SumdbSig + MonkeysSig + BananasSig + WitnessSig + random1 + random2);

        var sumdb = CheckpointVerifierKey.Parse(SumdbKey);
        var monkeys = CheckpointVerifierKey.Parse(MonkeysKey);
        var witness = CheckpointVerifierKey.Parse(WitnessKey);
        Assert.True(SignedNote.IsSignedBy(text, signatures, [witness]));
        Assert.True(SignedNote.IsSignedBy(text, signatures, [monkeys]));
        Assert.True(SignedNote.IsSignedBy(text, signatures, [sumdb, monkeys, witness]));
        Assert.Equal(signatures[3].KeyId, signatures[4].KeyId);
        Assert.Equal(6, signatures.Length);
    }

    [Fact]
    public void C2spTlogCosignature_example_checkpoint_exposes_the_log_signature_and_the_witness_cosignature()
    {
        var (text, signatures) = SignedNote.Parse(TlogCosignatureExample);

        Assert.Equal("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", text);
        Assert.Equal(["example.com/behind-the-sofa", "witness.example.com/w1"], signatures.Select(s => s.KeyName));
        Assert.Equal([0x033de0aeu, 0x8d66cf3fu], signatures.Select(s => s.KeyId));
        Assert.Equal(64, signatures[0].Signature.Length);

        // timestamped_signature: u64 timestamp || Ed25519 signature.
        Assert.Equal(8 + 64, signatures[1].Signature.Length);
        Assert.Equal(1679315147ul, BinaryPrimitives.ReadUInt64BigEndian(signatures[1].Signature.Span));
    }

    [Fact]
    public void TransparencyDevFormats_cosignature_v1_on_a_checkpoint_of_this_log_is_ignored_and_exposed()
    {
        using var key = CheckpointSigningKey.Generate("clinic.example/audit");
        var note = SignedCheckpoint.Sign(new Checkpoint("clinic.example/audit", 3, new byte[32], TestRecords.Epoch), key).Note;

        var cosigned = SignedCheckpoint.Parse(note + "\u2014 witness.example/w1 " + CosignatureV1 + "\n");

        Assert.True(cosigned.IsSignedByAny([key.VerifierKey]));
        var cosignature = cosigned.Signatures[1];
        Assert.Equal("witness.example/w1", cosignature.KeyName);
        Assert.Equal(0x646846b9u, cosignature.KeyId);
        Assert.Equal(1727964367ul, BinaryPrimitives.ReadUInt64BigEndian(cosignature.Signature.Span));
        Assert.Equal("NoteSignature witness.example/w1+646846b9 (72 bytes)", cosignature.ToString());
    }

    [Fact]
    public void C2spSignedNote_sixteen_post_quantum_sized_signatures_by_unknown_keys_are_accepted_and_ignored()
    {
        using var key = CheckpointSigningKey.Generate("clinic.example/audit");
        var note = new StringBuilder(SignedCheckpoint.Sign(new Checkpoint("clinic.example/audit", 3, new byte[32], TestRecords.Epoch), key).Note);
        var random = new Random(204);
        for (var i = 0; i < 16; i++)
        {
            // 4-byte key id and an ML-DSA-87-sized signature (4,627 bytes).
            var blob = new byte[4 + 4627];
            random.NextBytes(blob);
            note.Append("\u2014 witness").Append(i).Append(".example/pq ").Append(Convert.ToBase64String(blob)).Append('\n');
        }

        var signed = SignedCheckpoint.Parse(note.ToString());

        Assert.Equal(17, signed.Signatures.Count);
        Assert.All(signed.Signatures.Skip(1), s => Assert.Equal(4627, s.Signature.Length));
        Assert.True(signed.IsSignedByAny([key.VerifierKey]));
        Assert.True(signed.IsSignedBy(key.VerifierKey));
    }
}
