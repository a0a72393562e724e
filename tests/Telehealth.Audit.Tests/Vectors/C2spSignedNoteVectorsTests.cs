using System.Text;

namespace Telehealth.Audit.Tests.Vectors;

/// <summary>
/// C2SP signed-note known answers: the example key and note of the reference implementation
/// (golang.org/x/mod/sumdb/note) and the example of the C2SP signed-note specification.
/// </summary>
public sealed class C2spSignedNoteVectorsTests
{
    private const string SignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    internal const string VerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    internal const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    internal const string SignedNoteText = Text + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string SpecVerifierKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private const string SpecNote = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    [Fact]
    public void GoSumdbNote_signer_key_derives_the_published_verifier_key()
    {
        using var key = CheckpointSigningKey.ImportSignerKey(SignerKey);
        Assert.Equal("PeterNeumann", key.Name);
        Assert.Equal(0xc74f20a3u, key.KeyId);
        Assert.Equal(VerifierKey, key.VerifierKey.ToString());
        Assert.Equal(SignerKey, key.ExportSignerKey());
    }

    [Fact]
    public void GoSumdbNote_signing_the_example_text_gives_the_published_note()
    {
        using var key = CheckpointSigningKey.ImportSignerKey(SignerKey);
        Assert.Equal(SignedNoteText, SignedNote.Sign(Text, key));
    }

    [Fact]
    public void C2spSignedNote_spec_example_verifies()
    {
        var key = CheckpointVerifierKey.Parse(SpecVerifierKey);
        var (text, signatures) = SignedNote.Parse(SpecNote);
        Assert.Equal("This is an example message.\n", text);
        Assert.True(SignedNote.IsSignedBy(text, signatures, [key]));
        Assert.False(SignedNote.IsSignedBy(text, signatures, [CheckpointVerifierKey.Parse(VerifierKey)]));
    }

    [Fact]
    public void Altered_text_or_signature_does_not_verify()
    {
        var key = CheckpointVerifierKey.Parse(VerifierKey);
        var (text, signatures) = SignedNote.Parse(SignedNoteText);
        Assert.True(SignedNote.IsSignedBy(text, signatures, [key]));
        Assert.False(SignedNote.IsSignedBy(text.Replace("problem", "Problem", StringComparison.Ordinal), signatures, [key]));
        var flipped = SignedNoteText.Replace("x08go/ZJkuBS9UG", "x08go/ZJkuBS9UH", StringComparison.Ordinal);
        var (_, tampered) = SignedNote.Parse(flipped);
        Assert.False(SignedNote.IsSignedBy(text, tampered, [key]));
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a3")]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+AhpjZ2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+not base64!")]
    [InlineData("")]
    public void Malformed_verifier_keys_are_rejected_with_a_format_error(string key)
    {
        var ex = Assert.Throws<AuditFormatException>(() => CheckpointVerifierKey.Parse(key));
        Assert.Equal("TH1012", ex.Code);
    }

    [Theory]
    [InlineData("no signature block\n")]
    [InlineData("text\n\n")]
    [InlineData("text\n\n\u2014 PeterNeumann\n")]
    [InlineData("text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG\n")]
    [InlineData("te\u0007xt\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")]
    public void Malformed_notes_are_rejected_with_a_format_error(string note)
    {
        var ex = Assert.Throws<AuditFormatException>(() => SignedNote.Parse(note));
        Assert.Equal("TH1012", ex.Code);
    }

    [Fact]
    public void Oversized_note_is_rejected()
    {
        var note = new StringBuilder().Append('a', SignedNote.MaxNoteBytes).Append("\n\n\u2014 k AAAAAAAA\n").ToString();
        Assert.Equal("TH1012", Assert.Throws<AuditFormatException>(() => SignedNote.Parse(note)).Code);

        // Within the character bound but over it in UTF-8 bytes.
        var wide = new StringBuilder().Append('\u00e9', SignedNote.MaxNoteBytes / 2).Append("\n\n\u2014 k AAAAAAAA\n").ToString();
        Assert.True(wide.Length < SignedNote.MaxNoteBytes);
        Assert.Equal("TH1012", Assert.Throws<AuditFormatException>(() => SignedNote.Parse(wide)).Code);
    }

    [Fact]
    public void Signing_key_ToString_never_shows_key_material()
    {
        using var key = CheckpointSigningKey.ImportSignerKey(SignerKey);
        Assert.DoesNotContain("AYEKFALV", key.ToString(), StringComparison.Ordinal);
        Assert.Equal("CheckpointSigningKey PeterNeumann+c74f20a3", key.ToString());
    }
}
