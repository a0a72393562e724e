namespace Telehealth.Audit;

/// <summary>
/// The character rules of record fields, shared by the checks before a record is stored and by the
/// exports, so that a record the log accepts always exports as a valid FHIR <c>AuditEvent</c> and a
/// well-formed syslog message.
/// </summary>
internal static class FieldText
{
    /// <summary>
    /// An identifier, code or name, shaped as a FHIR <c>code</c>: no control characters, no whitespace
    /// but single spaces between other characters (so none leading, trailing or alone).
    /// </summary>
    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !UnicodeText.IsWellFormed(value))
        {
            return false;
        }

        var afterSpace = true;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                if (afterSpace)
                {
                    return false;
                }

                afterSpace = true;
            }
            else if (char.IsControl(c) || IsOtherWhiteSpace(c))
            {
                return false;
            }
            else
            {
                afterSpace = false;
            }
        }

        return !afterSpace;
    }

    /// <summary>
    /// Free text a FHIR <c>string</c> can carry: well-formed, some character other than whitespace, no
    /// control characters but tab, carriage return and line feed, and no whitespace other than those and
    /// the space.
    /// </summary>
    public static bool IsFreeText(ReadOnlySpan<char> value)
    {
        if (!UnicodeText.IsWellFormed(value))
        {
            return false;
        }

        var visible = false;
        foreach (var c in value)
        {
            if (c is '\t' or '\r' or '\n' or ' ')
            {
                continue;
            }

            if (char.IsControl(c) || IsOtherWhiteSpace(c))
            {
                return false;
            }

            visible = true;
        }

        return visible;
    }

    // Whitespace as FHIR's JSON schema patterns see it (ECMAScript \s), beyond the space.
    private static bool IsOtherWhiteSpace(char c) => c != ' ' && (char.IsWhiteSpace(c) || c == '\uFEFF');
}
