using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Telehealth.Crypto;

namespace Telehealth.Clinic.Records;

/// <summary>
/// The clinic's encrypted records as the key census and the evidence collectors see them: one envelope per file in a
/// directory, named after the record key. A stand-in for the table a real service keeps its encrypted records in.
/// </summary>
internal sealed partial class FileEnvelopeStore : IEnvelopeStore, IDisposable
{
    private const string Extension = ".envelope";
    private readonly SemaphoreSlim _writes = new(1, 1);

    public FileEnvelopeStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>Gets the directory of the envelope files.</summary>
    public string Directory { get; }

    /// <summary>Stores an envelope under <paramref name="recordKey"/>, replacing any earlier one.</summary>
    /// <param name="recordKey">Lower-case letters, digits and dashes.</param>
    /// <param name="envelope">The envelope.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the envelope is on disk.</returns>
    public async Task PutAsync(string recordKey, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken = default)
    {
        var path = PathOf(recordKey);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await WriteAsync(path, envelope, cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Reads the envelope stored under <paramref name="recordKey"/>.</summary>
    /// <param name="recordKey">The record key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The envelope.</returns>
    public Task<byte[]> GetAsync(string recordKey, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(PathOf(recordKey), cancellationToken);

    public async IAsyncEnumerable<StoredEnvelope> ListAsync(string? afterRecordKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        var keys = System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(k => KeyPattern().IsMatch(k) && (afterRecordKey is null || string.CompareOrdinal(k, afterRecordKey) > 0))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var key in keys)
        {
            yield return new StoredEnvelope(key, await File.ReadAllBytesAsync(PathOf(key), cancellationToken));
        }
    }

    public async ValueTask<bool> ReplaceHeaderAsync(string recordKey, ReadOnlyMemory<byte> expectedHeader, int replacedHeaderLength, ReadOnlyMemory<byte> newHeader, CancellationToken cancellationToken = default)
    {
        var path = PathOf(recordKey);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var current = await File.ReadAllBytesAsync(path, cancellationToken);
            if (!current.AsSpan().StartsWith(expectedHeader.Span))
            {
                return false;
            }

            await WriteAsync(path, (byte[])[.. newHeader.Span, .. current.AsSpan(replacedHeaderLength)], cancellationToken);
            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    public void Dispose() => _writes.Dispose();

    private string PathOf(string recordKey)
    {
        ArgumentNullException.ThrowIfNull(recordKey);
        if (!KeyPattern().IsMatch(recordKey))
        {
            throw new ArgumentException("A record key is lower-case letters, digits and dashes.", nameof(recordKey));
        }

        return Path.Combine(Directory, recordKey + Extension);
    }

    /// <summary>Writes through a temporary file and a rename, so a reader sees the old or the new envelope, never a mix.</summary>
    private async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ClinicPaths.CreateOwnerOnlyDirectory(Directory);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
