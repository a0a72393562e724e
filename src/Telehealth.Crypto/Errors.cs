namespace Telehealth.Crypto;

/// <summary>
/// Creates every exception of the package, so codes and wording stay consistent and free of secrets.
/// Code ranges: TH2001–TH2029 envelopes, TH2030–TH2049 keys and keyrings, TH2050–TH2069 streaming,
/// TH2070–TH2089 integrity and tokenization, TH2090–TH2099 hardware key providers.
/// </summary>
internal static partial class Errors
{
}
