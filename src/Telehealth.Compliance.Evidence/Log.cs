using Microsoft.Extensions.Logging;

namespace Telehealth.Compliance.Evidence;

/// <summary>Log messages of the package: collector names, evidence ids, outcomes and error codes, never record contents.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Evidence collector {Collector} recorded {EvidenceId}: {Outcome}.")]
    public static partial void Collected(ILogger logger, string collector, string evidenceId, EvidenceOutcome outcome);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Evidence collector {Collector} found a gap in {EvidenceId}.")]
    public static partial void Gap(ILogger logger, string collector, string evidenceId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Evidence collector {Collector} could not read its source ({Reason}); it reports the gap as evidence.")]
    public static partial void SourceUnreadable(ILogger logger, string collector, string reason, Exception exception);

    public static void Outcome(ILogger logger, string collector, EvidenceItem item)
    {
        if (item.Outcome == EvidenceOutcome.NotSatisfied)
        {
            Gap(logger, collector, item.Id);
        }
        else
        {
            Collected(logger, collector, item.Id, item.Outcome);
        }
    }
}
