using System.Text.Json;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// Interoperability with an independent implementation of FORMAT.md: a Node.js script (Node's own
/// SHA-256, HKDF and AES-256-GCM) reads envelopes written here and writes envelopes read here.
/// </summary>
public sealed class NodeEnvelopeInteropTests
{
    private static readonly string Script = RepositoryFiles.PathOf("tests", "Telehealth.Crypto.Tests", "Interop", "envelope-v1.mjs");

    [SkippableFact]
    public void Node_decrypts_the_committed_vector_from_the_format_specification()
    {
        ExternalTool.Require("node", "--version");
        var vector = EnvelopeFormatVectorTests.Vectors().Single(v => v.Name == "aes-v1-text");
        var output = RunNode(new
        {
            mode = "decrypt",
            dataKey = "0758be35960b1baa6baef26d81c8477d4d846684277a7ba6b155945e1a8526aa",
            envelope = vector.Envelope,
            context = ContextOf(vector.Context),
        });
        Assert.Equal(vector.Plaintext, output);
    }

    [SkippableFact]
    public async Task Node_decrypts_fresh_envelopes_and_writes_envelopes_this_library_decrypts()
    {
        ExternalTool.Require("node", "--version");
        using var host = new KeyHost();
        var context = new EncryptionContext("clinic-ü", "visit-note", "record-Ω-1", "storage");
        foreach (var size in new[] { 0, 1, 1000 })
        {
            var plaintext = Contexts.Bytes(size, size);
            var envelope = host.Cipher.Encrypt(plaintext, context);
            var (dataKey, wrapped) = await DataKeyOf(host, envelope);

            Assert.Equal(Convert.ToHexStringLower(plaintext), RunNode(new { mode = "decrypt", dataKey, envelope = Convert.ToHexStringLower(envelope), context = ContextOf(context) }));

            var written = RunNode(new { mode = "encrypt", dataKey, keyringId = "default", keyVersion = 1, wrappedKey = wrapped, plaintext = Convert.ToHexStringLower(plaintext), context = ContextOf(context) });
            Assert.Equal(plaintext, host.Cipher.Decrypt(Convert.FromHexString(written), context));
            Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(Convert.FromHexString(written), Contexts.Note())).Code);
        }
    }

    private static async Task<(string DataKey, string Wrapped)> DataKeyOf(KeyHost host, byte[] envelope)
    {
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        var (version, provider) = host.Keyring.GetForDecryption(layout.KeyringId, (int)layout.KeyVersion);
        var wrapped = envelope.AsMemory(layout.WrappedKeyOffset, layout.WrappedKeyLength);
        var dataKey = new byte[32];
        await provider.UnwrapAsync(version.ProviderReference, wrapped, EnvelopeCipher.WrapAssociatedData(layout.KeyringId, version.Version), dataKey);
        return (Convert.ToHexStringLower(dataKey), Convert.ToHexStringLower(wrapped.Span));
    }

    private static object ContextOf(EncryptionContext context) =>
        new { tenant = context.Tenant, recordType = context.RecordType, recordId = context.RecordId, purpose = context.Purpose };

    private static string RunNode(object input)
    {
        var (exitCode, output) = ExternalTool.Run("node", JsonSerializer.Serialize(input), Script);
        Assert.True(exitCode == 0, output);
        return output;
    }
}
