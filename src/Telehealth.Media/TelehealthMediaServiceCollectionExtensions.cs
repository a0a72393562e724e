using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telehealth.Audit;
using Telehealth.Media.Dtls;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Telehealth secure media transport.</summary>
public static class TelehealthMediaServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="DtlsSrtpEndpoint"/> with <see cref="DtlsSrtpOptions"/> validated at start-up.
    /// The endpoint uses the registered <see cref="TimeProvider"/>, <see cref="IAuditLog"/> and logging when
    /// present; none of them is registered here, since they belong to the host.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTelehealthMedia(this IServiceCollection services, Action<DtlsSrtpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptionsWithValidateOnStart<DtlsSrtpOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DtlsSrtpOptions>, DtlsSrtpOptionsValidator>());
        services.TryAddSingleton(sp => new DtlsSrtpEndpoint(
            sp.GetRequiredService<IOptions<DtlsSrtpOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<IAuditLog>(),
            sp.GetService<ILogger<DtlsSrtpEndpoint>>()));
        return services;
    }
}
