using System.Text;
using System.Text.Json;

namespace Telehealth.Audit;

/// <summary>
/// The offline-verifiable export bundle (FORMAT.md, "Export bundle"): JSON Lines, a header line with
/// the covering signed checkpoint, then one line per entry with its canonical bytes and inclusion proof.
/// </summary>
internal static class AuditBundle
{
    public const string FormatName = "telehealth-audit-bundle/1";
    public const int MaxLineLength = 4 * 1024 * 1024;

    public static async Task WriteAsync(
        Stream destination,
        SignedCheckpoint checkpoint,
        CheckpointVerifierKey verifierKey,
        IAsyncEnumerable<AuditStoredEntry> entries,
        long toSequence,
        Func<long, CancellationToken, ValueTask<IReadOnlyList<byte[]>>> proofFor,
        CancellationToken cancellationToken)
    {
        var newline = "\n"u8.ToArray();
        using (var header = new Utf8JsonWriter(destination))
        {
            header.WriteStartObject();
            header.WriteString("format", FormatName);
            header.WriteString("checkpoint", checkpoint.Note);
            header.WriteString("verifierKey", verifierKey.ToString());
            header.WriteEndObject();
        }

        await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
        await foreach (var entry in entries.ConfigureAwait(false))
        {
            if (entry.Position >= toSequence)
            {
                break;
            }

            var proof = await proofFor(entry.Position, cancellationToken).ConfigureAwait(false);
            using (var line = new Utf8JsonWriter(destination))
            {
                line.WriteStartObject();
                line.WriteNumber("sequence", entry.Position);
                line.WriteBase64String("entry", entry.Data.Span);
                line.WriteStartArray("proof");
                foreach (var hash in proof)
                {
                    line.WriteBase64StringValue(hash);
                }

                line.WriteEndArray();
                line.WriteEndObject();
            }

            await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<AuditVerificationResult> VerifyAsync(Stream source, IReadOnlyCollection<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken)
    {
        using var stream = new StreamReader(source, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var reader = new LineReader(stream);
        SignedCheckpoint checkpoint;
        try
        {
            var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Errors.Bundle("it is empty.");
            using var doc = JsonDocument.Parse(header);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName
                || !root.TryGetProperty("checkpoint", out var note) || note.ValueKind != JsonValueKind.String)
            {
                throw Errors.Bundle("the header line is not a bundle header.");
            }

            checkpoint = SignedCheckpoint.Parse(note.GetString()!);
        }
        catch (JsonException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, "The bundle header is not valid JSON: " + ex.Message, 0);
        }
        catch (AuditFormatException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, ex.Message, 0);
        }

        if (!checkpoint.IsSignedByAny(trustedKeys))
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.BadSignature, checkpoint.Checkpoint.TreeSize, "The bundle's checkpoint is not signed by a trusted key.", 0);
        }

        var rootHash = checkpoint.Checkpoint.RootHash.ToArray();
        var treeSize = checkpoint.Checkpoint.TreeSize;
        long count = 0;
        long? previous = null;
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AuditFormatException ex)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, previous + 1 ?? 0, ex.Message, count);
            }

            if (line is null)
            {
                break;
            }

            long sequence;
            byte[] data;
            List<byte[]> proof;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                sequence = root.GetProperty("sequence").GetInt64();
                data = root.GetProperty("entry").GetBytesFromBase64();
                proof = root.GetProperty("proof").EnumerateArray().Select(p => p.GetBytesFromBase64()).ToList();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, previous + 1 ?? 0, "A bundle line is not a valid entry line.", count);
            }

            if (previous is { } p && sequence != p + 1)
            {
                var kind = sequence > p + 1 ? AuditVerificationFailure.Missing : AuditVerificationFailure.Reordered;
                return AuditVerificationResult.Failed(kind, p + 1, "The bundle's entries are not consecutive.", count);
            }

            var leaf = MerkleHash.Leaf(data);
            if (sequence < 0 || sequence >= treeSize || !MerkleProofs.VerifyInclusion(leaf, sequence, treeSize, proof, rootHash))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, sequence, "An entry is not included in the signed checkpoint's tree.", count);
            }

            try
            {
                if (AuditEntryCodec.Decode(data).Sequence != sequence)
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, sequence, "An entry's own sequence number differs from its position.", count);
                }
            }
            catch (AuditFormatException ex)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, sequence, ex.Message, count);
            }

            previous = sequence;
            count++;
        }

        return AuditVerificationResult.Valid(count, [checkpoint.Checkpoint]);
    }

    /// <summary>
    /// Reads lines of at most <see cref="MaxLineLength"/> characters from a buffered reader, so a
    /// hostile bundle cannot make a single line grow without bound.
    /// </summary>
    private sealed class LineReader(StreamReader reader)
    {
        private readonly char[] _buffer = new char[1 << 16];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            StringBuilder? builder = null;
            while (true)
            {
                if (_start == _end)
                {
                    try
                    {
                        _end = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                    }
                    catch (DecoderFallbackException ex)
                    {
                        throw Errors.Bundle("it is not valid UTF-8.", ex);
                    }

                    _start = 0;
                    if (_end == 0)
                    {
                        return builder?.ToString();
                    }
                }

                var newline = Array.IndexOf(_buffer, '\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                if ((builder?.Length ?? 0) + (stop - _start) > MaxLineLength)
                {
                    throw Errors.Bundle($"a line is longer than {MaxLineLength} characters.");
                }

                if (newline >= 0 && builder is null)
                {
                    var line = new string(_buffer, _start, stop - _start);
                    _start = newline + 1;
                    return line;
                }

                (builder ??= new StringBuilder()).Append(_buffer, _start, stop - _start);
                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0)
                {
                    return builder.ToString();
                }
            }
        }
    }
}
