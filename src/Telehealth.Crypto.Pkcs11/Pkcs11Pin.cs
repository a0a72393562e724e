using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>Reads the user PIN from where the host put it; the caller zeroes the bytes after login.</summary>
internal static class Pkcs11Pin
{
    private const int MaxPinBytes = 256;

    public static byte[] Read(Pkcs11KeyEncryptionKeyProviderOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PinFile))
        {
            return FromFile(options.PinFile);
        }

        var variable = options.PinEnvironmentVariable!;
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            throw Errors.PinUnavailable($"environment variable {variable} is not set");
        }

        return Encoding.UTF8.GetBytes(text.TrimEnd());
    }

    private static byte[] FromFile(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Errors.PinUnavailable("the PIN file cannot be read");
        }

        try
        {
            var length = content.Length;
            while (length > 0 && content[length - 1] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t')
            {
                length--;
            }

            if (length == 0 || length > MaxPinBytes)
            {
                throw Errors.PinUnavailable("the PIN file is empty or too long");
            }

            return content.AsSpan(0, length).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }
}
