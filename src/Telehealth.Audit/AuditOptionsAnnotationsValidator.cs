using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>Source-generated validation of the data annotations on <see cref="AuditOptions"/> (trim-safe).</summary>
[OptionsValidator]
internal sealed partial class AuditOptionsAnnotationsValidator : IValidateOptions<AuditOptions>;
