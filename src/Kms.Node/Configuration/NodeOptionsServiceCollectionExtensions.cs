using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

public static class NodeOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="NodeOptions"/> from the root of <paramref name="configuration"/>, fills in what development
    /// mode provides, and validates it once per concern when the host starts; every validator runs, so every problem
    /// is reported together.
    /// </summary>
    public static OptionsBuilder<NodeOptions> AddNodeOptions(this IServiceCollection services, IConfiguration configuration, DevEnvironment? dev)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, GoKmsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, HsmOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, PersistenceOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, FileAccessValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, ClusterOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, WarmUpOptionsValidator>());
        return services.AddOptions<NodeOptions>()
            .Bind(configuration)
            .PostConfigure(options =>
            {
                dev?.FillIn(options);
                if (NodeOptions.IsSet(options.DataDirectory)) options.DataDirectory = Path.GetFullPath(options.DataDirectory);
            })
            .ValidateOnStart();
    }
}
