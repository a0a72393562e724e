namespace Telehealth.Compliance;

/// <summary>
/// The name-based UUIDs of what the OSCAL exports of one assessment identify: an evidence item's observation, a breach
/// assessment's observation and a risk keep their UUID from one export to the next, so tools can follow them.
/// </summary>
internal sealed class OscalIds
{
    private readonly HashSet<string> _evidence;
    private readonly HashSet<string> _breaches;
    private readonly HashSet<string> _risks;

    public OscalIds(ComplianceAssessment assessment)
    {
        _evidence = assessment.Evidence.Select(e => e.Item.Id).ToHashSet(StringComparer.Ordinal);
        _breaches = assessment.Breaches.Select(b => b.Assessment.Id).ToHashSet(StringComparer.Ordinal);
        _risks = assessment.Risks.Select(r => r.Risk.Id).ToHashSet(StringComparer.Ordinal);
    }

    public static string Observation(string evidenceId) => Oscal.Uuid($"observation/{evidenceId}");

    public static string BreachObservation(string assessmentId) => Oscal.Uuid($"observation/breach/{assessmentId}");

    public static string Risk(string riskId) => Oscal.Uuid($"risk/{riskId}");

    /// <summary>The observations of the evidence items and breach assessments among <paramref name="ids"/> that the assessment holds.</summary>
    public IReadOnlyList<string> Observations(IEnumerable<string> ids) =>
    [
        .. ids.Distinct(StringComparer.Ordinal).SelectMany(id => new[]
        {
            _evidence.Contains(id) ? Observation(id) : null,
            _breaches.Contains(id) ? BreachObservation(id) : null,
        }).OfType<string>(),
    ];

    /// <summary>The risks among <paramref name="ids"/> that the assessment holds.</summary>
    public IReadOnlyList<string> Risks(IEnumerable<string> ids) => [.. ids.Distinct(StringComparer.Ordinal).Where(_risks.Contains).Select(Risk)];
}
