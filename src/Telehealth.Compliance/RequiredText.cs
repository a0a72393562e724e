namespace Telehealth.Compliance;

/// <summary>The one rule for required text fields of the package's records: present and not blank.</summary>
internal static class RequiredText
{
    public static void Check(string? value, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Errors.FieldMissing(type, field);
        }
    }
}
