namespace Telehealth.Crypto;

/// <summary>Checks that keyring state read from a store is self-consistent before it is trusted.</summary>
internal static class KeyringValidation
{
    public static void Validate(KeyringDocument document, string expectedKeyringId)
    {
        if (!string.Equals(document.KeyringId, expectedKeyringId, StringComparison.Ordinal))
        {
            throw Errors.StoreDamaged($"the document for '{expectedKeyringId}' names another keyring");
        }

        if (document.Revision <= 0 || document.Versions is null || document.MinimumDecryptionVersion <= 0)
        {
            throw Errors.StoreDamaged($"keyring '{expectedKeyringId}' has an invalid revision, version list or minimum version");
        }

        var previous = 0;
        var primaries = 0;
        foreach (var version in document.Versions)
        {
            if (version is null || version.Version <= previous || string.IsNullOrEmpty(version.Provider) || version.ProviderReference is null ||
                !Enum.IsDefined(version.State) || version.WrapsReserved < 0)
            {
                throw Errors.StoreDamaged($"keyring '{expectedKeyringId}' has an invalid or out-of-order version");
            }

            if (version.State != KeyEncryptionKeyState.Destroyed && version.ProviderReference.Length == 0)
            {
                throw Errors.StoreDamaged($"keyring '{expectedKeyringId}' has a live version without a key reference");
            }

            primaries += version.State == KeyEncryptionKeyState.Primary ? 1 : 0;
            previous = version.Version;
        }

        if (primaries > 1)
        {
            throw Errors.StoreDamaged($"keyring '{expectedKeyringId}' has more than one primary version");
        }
    }
}
