namespace Telehealth.Crypto.Tests;

internal static class Contexts
{
    public static EncryptionContext Note(string recordId = "note-1", string? subject = null) =>
        new("clinic-a", "visit-note", recordId, "storage", subject);

    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
