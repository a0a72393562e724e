using System.Text.RegularExpressions;

namespace Telehealth.Compliance;

/// <summary>The one rule for ids of the package's records (vendors, risks, evidence, breach assessments).</summary>
internal static partial class RecordIds
{
    public static void Check(string kind, string? id)
    {
        if (id is null || !Pattern().IsMatch(id))
        {
            throw Errors.MalformedId(kind, id ?? string.Empty);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:[-.][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
