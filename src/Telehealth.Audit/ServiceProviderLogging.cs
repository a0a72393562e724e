using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telehealth.Audit;

/// <summary>
/// Resolves loggers without registering a logging default: the host owns logging, and a container
/// that calls <c>AddLogging</c> after <c>AddTelehealthAudit</c> must still get its loggers.
/// </summary>
internal static class ServiceProviderLogging
{
    public static ILogger<T> GetLogger<T>(this IServiceProvider services) =>
        services.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
