
namespace Telehealth.Crypto.Tests.Integrity;

/// <summary>Every signing algorithm, for "each algorithm" theories.</summary>
public static class SigningAlgorithms
{
    public static TheoryData<SigningAlgorithm> All => new() { SigningAlgorithm.Ed25519, SigningAlgorithm.EcdsaP256Sha256 };
}
