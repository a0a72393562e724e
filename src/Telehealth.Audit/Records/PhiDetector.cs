using System.Text.RegularExpressions;

namespace Telehealth.Audit;

/// <summary>Finds or redacts PHI-like text with the patterns <see cref="PhiDetectionOptions"/> turn on.</summary>
internal sealed partial class PhiDetector
{
    public const string SsnName = "ssn";
    public const string MrnName = "mrn";
    public const string DobName = "dob";
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const string Months = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";

    private static readonly Regex Ssn = new(
        "\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b|\\b[0-9]{3} [0-9]{2} [0-9]{4}\\b|\\bssn\\W{0,3}[0-9]{9}\\b", Options);

    private static readonly Regex Mrn = new(
        "\\b(?:mrn|medical\\s+record\\s+(?:number|no\\.?|#))\\W{0,3}[a-z]{0,4}[0-9][a-z0-9-]*", Options);

    private static readonly Regex Dob = new(
        "\\b[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})\\b"
        + "|\\b[0-9]{1,2}[.-][0-9]{1,2}[.-][0-9]{4}\\b"
        + "|\\b[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\b"
        + "|\\b" + Months + "\\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\\s+[0-9]{4}\\b"
        + "|\\b[0-9]{1,2}(?:st|nd|rd|th)?\\s+" + Months + ",?\\s+[0-9]{4}\\b",
        Options);

    private readonly (string Name, Regex Pattern)[] _patterns;

    private PhiDetector((string Name, Regex Pattern)[] patterns, PhiDetectionPolicy policy)
    {
        _patterns = patterns;
        Policy = policy;
    }

    public PhiDetectionPolicy Policy { get; }

    /// <summary>Builds the detector the options ask for, or <see langword="null"/> when nothing is to be checked.</summary>
    public static PhiDetector? Create(PhiDetectionOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var patterns = new List<(string, Regex)>();
        if (options.SocialSecurityNumbers)
        {
            patterns.Add((SsnName, Ssn));
        }

        if (options.MedicalRecordNumbers)
        {
            patterns.Add((MrnName, Mrn));
        }

        if (options.DatesOfBirth)
        {
            patterns.Add((DobName, Dob));
        }

        foreach (var (name, pattern) in options.CustomPatterns.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            patterns.Add((name, Compile(pattern) ?? throw new ArgumentException($"The PHI pattern '{name}' is invalid.", nameof(options))));
        }

        return patterns.Count == 0 ? null : new PhiDetector([.. patterns], options.Policy);
    }

    /// <summary>Compiles a custom pattern for linear-time matching, or returns <see langword="null"/> if it cannot be.</summary>
    public static Regex? Compile(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, Options);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Returns the name of the first pattern that matches, or <see langword="null"/>.</summary>
    public string? Find(string text)
    {
        foreach (var (name, pattern) in _patterns)
        {
            if (pattern.IsMatch(text))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Replaces every match of every pattern by <c>[PHI:name]</c>.</summary>
    public string Redact(string text)
    {
        foreach (var (name, pattern) in _patterns)
        {
            text = pattern.Replace(text, "[PHI:" + name + "]");
        }

        return text;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();
}
