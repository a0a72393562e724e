using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// Where the host put the user PIN: a file (which wins when set) or an environment variable. The PIN is
/// read for each login and never kept; the caller zeroes the bytes after <c>C_Login</c>.
/// </summary>
internal sealed record Pkcs11Pin(string? File, string? EnvironmentVariable)
{
    private const int MaxPinBytes = 256;

    public byte[] Read()
    {
        if (!string.IsNullOrWhiteSpace(File))
        {
            return FromFile(File);
        }

        var variable = EnvironmentVariable!;
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
            content = System.IO.File.ReadAllBytes(path);
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
