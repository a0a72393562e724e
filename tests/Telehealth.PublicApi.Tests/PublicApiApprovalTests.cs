using System.Reflection;
using PublicApiGenerator;

namespace Telehealth.PublicApi.Tests;

/// <summary>
/// One approval test per package: the generated public API must equal the approved file in
/// <c>Approved/</c>. See README.md ("Changing a public API") for how to accept a deliberate change.
/// </summary>
public sealed class PublicApiApprovalTests
{
    public static TheoryData<string> Packages =>
    [
        "Telehealth.Audit",
        "Telehealth.Audit.PostgreSql",
        "Telehealth.Crypto",
        "Telehealth.Crypto.Pkcs11",
        "Telehealth.Crypto.PostgreSql",
        "Telehealth.Identity",
        "Telehealth.Media",
        "Telehealth.Compliance",
        "Telehealth.Compliance.Evidence",
    ];

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_matches_approved_file(string package)
    {
        var assembly = Assembly.Load(package);
        var options = new ApiGeneratorOptions
        {
            // The AddTelehealthX/UseX extension methods live in this namespace by convention and are public API too.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
            ExcludeAttributes =
            [
                "System.Runtime.Versioning.TargetFrameworkAttribute",
                "System.Reflection.AssemblyMetadataAttribute",

                // Compiler-generated: they name a private state machine type whose number changes with unrelated edits.
                "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
                "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
                "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
            ],
        };

        ApiApproval.Verify(package, assembly.GeneratePublicApi(options));
    }
}
