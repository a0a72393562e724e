using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Compliance.Redaction;

namespace Telehealth.Audit.Tests;

/// <summary>A keyed pseudonymizer standing in for a host's HMAC redactor.</summary>
internal sealed class PseudonymRedactor : Redactor
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("test-only-pseudonym-key");

    public override int GetRedactedLength(ReadOnlySpan<char> input) => 20;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var mac = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(source.ToArray()));
        var text = "psn:" + Convert.ToHexStringLower(mac)[..16];
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }
}
