using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// The embedded <see cref="IComplianceRecordStore"/>: one JSON document, <see cref="FileName"/>, in a directory. A save
/// writes a temporary file, flushes it to disk and renames it over the document, so a crash leaves the old or the new
/// state, never a mix; a lock file keeps writers of several processes from interleaving. On Unix the directory is
/// created with mode 0700 and the files with 0600. The document carries a format name and version and a SHA-256 of its
/// records, so a damaged, truncated or foreign file is refused with an error rather than read in part. It reads format
/// versions <see cref="OldestReadableFormatVersion"/> to <see cref="FormatVersion"/> and writes <see cref="FormatVersion"/>.
/// Thread-safe.
/// </summary>
public sealed class FileComplianceRecordStore : IComplianceRecordStore
{
    /// <summary>The name of the document in the directory.</summary>
    public const string FileName = "compliance-records.json";

    /// <summary>The value of the document's <c>format</c> field.</summary>
    public const string FormatName = "telehealth.compliance.records";

    /// <summary>
    /// The value of the document's <c>version</c> field this version writes. It also reads version 1, written by
    /// Telehealth.Compliance 0.1, whose records are a subset of version 2's; see FORMAT.md.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>The oldest <c>version</c> this version reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    private const string LockFileName = "compliance-records.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>Initializes a new instance of the <see cref="FileComplianceRecordStore"/> class.</summary>
    /// <param name="directory">The directory of the document; created on the first save. A relative path is resolved against the current directory now.</param>
    public FileComplianceRecordStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        FilePath = Path.Combine(Directory, FileName);
    }

    /// <summary>Gets the full path of the directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the full path of the document.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task LoadAsync(ComplianceRecords records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var observation = ComplianceTelemetry.ObserveStore("load");
        try
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(FilePath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                records.SetGeneration(FilePath, 0);
                observation.Succeeded();
                return;
            }

            records.SetGeneration(FilePath, Apply(bytes, records).Generation);
            observation.Succeeded();
        }
        catch (ComplianceException ex)
        {
            observation.Failed(ex.Code);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(ComplianceRecords records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var observation = ComplianceTelemetry.ObserveStore("save");
        try
        {
            await SaveCoreAsync(records, cancellationToken).ConfigureAwait(false);
            observation.Succeeded();
        }
        catch (ComplianceException ex)
        {
            observation.Failed(ex.Code);
            throw;
        }
    }

    /// <summary>Loads synchronously, for the dependency injection factory that creates the registers at first use.</summary>
    internal void Load(ComplianceRecords records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var observation = ComplianceTelemetry.ObserveStore("load");
        try
        {
            var generation = File.Exists(FilePath) ? Apply(File.ReadAllBytes(FilePath), records).Generation : 0;
            records.SetGeneration(FilePath, generation);
            observation.Succeeded();
        }
        catch (ComplianceException ex)
        {
            observation.Failed(ex.Code);
            throw;
        }
    }

    private async Task SaveCoreAsync(ComplianceRecords records, CancellationToken cancellationToken)
    {
        CreateDirectory();
        using var guard = await LockAsync(cancellationToken).ConfigureAwait(false);

        // Export after taking the lock, so of two saves the later one writes the later state.
        var state = records.Export();
        var stored = ReadStored(records);
        if (stored is not null)
        {
            EnsureNothingLost(stored, state, records.GetGeneration(FilePath));
        }

        state.Generation = (stored?.Generation ?? 0) + 1;

        var temporary = Path.Combine(Directory, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, CreateOptions(FileMode.CreateNew));
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Serialize(state), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
            records.SetGeneration(FilePath, state.Generation);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    internal static byte[] Serialize(ComplianceRecordsState state)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(state, ComplianceStoreJsonContext.Default.ComplianceRecordsState);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(body)));
            writer.WritePropertyName("records");
            writer.WriteRawValue(body, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a document and loads it into empty registers; anything short of a complete, valid state throws.</summary>
    private ComplianceRecordsState Apply(byte[] bytes, ComplianceRecords records)
    {
        var state = Parse(bytes);
        if (state.Generation < 0)
        {
            throw Errors.StoreDamaged(FilePath, "its generation is negative.");
        }

        if (!string.Equals(state.CatalogVersion, records.Catalog.Version, StringComparison.Ordinal))
        {
            throw Errors.StoreCatalogMismatch(FilePath, state.CatalogVersion, records.Catalog.Version);
        }

        try
        {
            records.Import(state);
        }
        catch (Exception ex) when (ex is ComplianceException or InvalidDataException or ArgumentException)
        {
            throw Errors.StoreDamaged(FilePath, "a stored record does not pass the registers' checks.", ex);
        }

        return state;
    }

    private ComplianceRecordsState Parse(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw Errors.StoreDamaged(FilePath, "it is not complete JSON (truncated or overwritten).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Errors.StoreDamaged(FilePath, "it is not a JSON object.");
            }

            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || !string.Equals(format.GetString(), FormatName, StringComparison.Ordinal))
            {
                throw Errors.StoreFormatUnknown(FilePath, format.ValueKind == JsonValueKind.Undefined ? "(none)" : format.GetRawText());
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var number) || number is < OldestReadableFormatVersion or > FormatVersion)
            {
                throw Errors.StoreFormatUnknown(FilePath, $"{FormatName} version {(version.ValueKind == JsonValueKind.Undefined ? "(none)" : version.GetRawText())}");
            }

            if (!root.TryGetProperty("sha256", out var hash) || hash.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("records", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                throw Errors.StoreDamaged(FilePath, "its sha256 or records field is missing.");
            }

            var raw = JsonMarshal.GetRawUtf8Value(body);
            if (!string.Equals(hash.GetString(), Convert.ToHexStringLower(SHA256.HashData(raw)), StringComparison.Ordinal))
            {
                throw Errors.StoreDamaged(FilePath, "its records do not match their SHA-256 (changed or corrupted on disk).");
            }

            try
            {
                return JsonSerializer.Deserialize(raw, ComplianceStoreJsonContext.Default.ComplianceRecordsState)
                    ?? throw Errors.StoreDamaged(FilePath, "its records are null.");
            }
            catch (JsonException ex)
            {
                throw Errors.StoreDamaged(FilePath, "its records do not have the expected shape.", ex);
            }
        }
    }

    /// <summary>Reads and checks the stored state under the lock, as a load would; a damaged file is never overwritten.</summary>
    private ComplianceRecordsState? ReadStored(ComplianceRecords records) =>
        File.Exists(FilePath) ? Apply(File.ReadAllBytes(FilePath), new ComplianceRecords(records.Catalog, records.TimeProvider)) : null;

    /// <summary>
    /// A save must start from the stored generation, so registers that were not loaded, or were loaded before another
    /// save, cannot replace what they never saw. Registers never delete records, so every stored history must also
    /// still be there, its stored revisions first.
    /// </summary>
    private void EnsureNothingLost(ComplianceRecordsState stored, ComplianceRecordsState next, long? generation)
    {
        if (generation != stored.Generation)
        {
            throw Errors.StoreWouldLoseRecords(FilePath, generation is null
                ? "these registers were not loaded from it"
                : "it was saved by other registers since these were loaded or last saved");
        }

        var current = next.AllHistories().ToDictionary(h => (h.Register, h.History.RecordId), h => h.History.Revisions);
        foreach (var (register, history) in stored.AllHistories())
        {
            if (!current.TryGetValue((register, history.RecordId), out var revisions) || revisions.Count < history.Revisions.Count
                || history.Revisions.Where((r, i) => r.At != revisions[i].At || !string.Equals(r.Summary, revisions[i].Summary, StringComparison.Ordinal)).Any())
            {
                throw Errors.StoreWouldLoseRecords(FilePath, $"revisions of {register} record '{history.RecordId}' are missing");
            }
        }

        var evidence = next.Evidence.Items.ToDictionary(i => i.Id, i => i.CollectedAt, StringComparer.Ordinal);
        if (stored.Evidence.Items.FirstOrDefault(i => !evidence.TryGetValue(i.Id, out var collectedAt) || collectedAt < i.CollectedAt) is { } lost)
        {
            throw Errors.StoreWouldLoseRecords(FilePath, $"evidence '{lost.Id}' is missing or older");
        }
    }

    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, LockFileName);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock on the open file: LockFileEx on Windows, flock on Unix.
                return new FileStream(path, CreateOptions(FileMode.OpenOrCreate));
            }
            catch (IOException) when (TimeProvider.System.GetElapsedTime(started) < LockTimeout)
            {
                await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw Errors.StoreLocked(path, LockTimeout, ex);
            }
        }
    }

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static FileStreamOptions CreateOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
