namespace Telehealth.Audit;

/// <summary>Who performed an audited action.</summary>
/// <param name="Id">A stable, opaque identifier of the principal (not a name or e-mail address).</param>
/// <param name="Type">The kind of principal.</param>
/// <param name="Role">The role the principal acted in, such as <c>clinician</c>; optional.</param>
public sealed record AuditActor(string Id, AuditActorType Type, string? Role = null);
