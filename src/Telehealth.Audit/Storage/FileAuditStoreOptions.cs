using System.ComponentModel.DataAnnotations;

namespace Telehealth.Audit;

/// <summary>Options of the embedded file store.</summary>
public sealed class FileAuditStoreOptions
{
    /// <summary>Gets or sets the directory that holds the segment files, the checkpoints and the lock file.</summary>
    /// <value>The default is <c>audit</c> under the current directory.</value>
    [Required]
    public string Directory { get; set; } = "audit";

    /// <summary>Gets or sets the size at which a segment is sealed and a new one started, in bytes.</summary>
    /// <value>The default is 64 MiB.</value>
    [Range(64 * 1024, int.MaxValue)]
    public long SegmentMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets the most records written by one group commit (one fsync).</summary>
    /// <value>The default is 4,096.</value>
    [Range(1, 1_000_000)]
    public int MaxBatchSize { get; set; } = 4096;
}
