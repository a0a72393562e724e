using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>One entry of a <see cref="RecordHistory"/>: when a record was created or changed, and its description after the change.</summary>
public sealed class RecordRevision
{
    internal RecordRevision(DateTimeOffset at, string summary)
    {
        At = at;
        Summary = summary;
    }

    /// <summary>Gets when the record was created or changed.</summary>
    public DateTimeOffset At { get; }

    /// <summary>Gets the record's description after the change (its <c>ToString()</c>, which holds no PHI).</summary>
    public string Summary { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At:u} {Summary}");
}
