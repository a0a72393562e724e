using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>
/// Validates <see cref="SyslogOptions"/>: the header fields, the enterprise number and the size limit, and —
/// outside the Development environment — that the enterprise number is not the documentation number.
/// Register it with <c>services.AddSingleton&lt;IValidateOptions&lt;SyslogOptions&gt;, SyslogOptionsValidator&gt;()</c>
/// beside <c>services.AddOptionsWithValidateOnStart&lt;SyslogOptions&gt;()</c>.
/// </summary>
/// <param name="environment">The host environment; without one, the enterprise number is checked as in production.</param>
public sealed class SyslogOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<SyslogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SyslogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SyslogFormatter.Check(options);
        if (options.EnterpriseNumber == SyslogOptions.DocumentationEnterpriseNumber && environment?.IsDevelopment() != true)
        {
            errors.Add("SyslogOptions.EnterpriseNumber is the documentation number 32473, which is only for development; set your organization's IANA private enterprise number.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
