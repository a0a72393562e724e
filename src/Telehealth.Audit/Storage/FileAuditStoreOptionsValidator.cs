using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>Source-generated validation of the data annotations on <see cref="FileAuditStoreOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class FileAuditStoreOptionsValidator : IValidateOptions<FileAuditStoreOptions>;
