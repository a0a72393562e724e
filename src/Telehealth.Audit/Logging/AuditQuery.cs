namespace Telehealth.Audit;

/// <summary>Criteria for <see cref="IAuditLog.QueryAsync"/>; every criterion left unset matches everything.</summary>
public sealed record AuditQuery
{
    /// <summary>Gets the actor id to match.</summary>
    public string? ActorId { get; init; }

    /// <summary>Gets the action to match; a trailing <c>*</c> matches a prefix (<c>phi.*</c>).</summary>
    public string? Action { get; init; }

    /// <summary>Gets the resource type to match.</summary>
    public string? ResourceType { get; init; }

    /// <summary>Gets the resource id to match.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Gets the outcome status to match.</summary>
    public AuditOutcomeStatus? Outcome { get; init; }

    /// <summary>Gets the earliest time to match (inclusive).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the latest time to match (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the sequence number to start scanning at; use <see cref="AuditPage.NextSequence"/> for the next page.</summary>
    public long StartSequence { get; init; }

    /// <summary>Gets the page size.</summary>
    /// <value>The default is 100.</value>
    public int PageSize { get; init; } = 100;

    internal bool Matches(AuditRecord r) =>
        (ActorId is null || r.Actor.Id == ActorId)
        && (Action is null || (Action.EndsWith('*') ? r.Action.StartsWith(Action[..^1], StringComparison.Ordinal) : r.Action == Action))
        && (ResourceType is null || r.Resource.Type == ResourceType)
        && (ResourceId is null || r.Resource.Id == ResourceId)
        && (Outcome is null || r.Outcome.Status == Outcome)
        && (From is null || r.OccurredAt >= From)
        && (To is null || r.OccurredAt < To);
}
