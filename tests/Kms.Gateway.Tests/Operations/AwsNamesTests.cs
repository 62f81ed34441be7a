using Kms.Gateway.Operations;

namespace Kms.Gateway.Tests.Operations;

public class AwsNamesTests
{
    [Theory]
    [InlineData("AES_256", null, 32)]
    [InlineData("AES_128", null, 16)]
    [InlineData(null, 7, 7)]
    [InlineData(null, null, 32)]
    public void A_data_key_size_comes_from_KeySpec_or_NumberOfBytes_or_the_default(string? keySpec, int? numberOfBytes, int expected)
    {
        Assert.Null(AwsNames.ParseDataKeySize(keySpec, numberOfBytes, out var size));
        Assert.Equal(expected, size);
    }

    [Theory]
    [InlineData("AES_256", 32, "Give KeySpec or NumberOfBytes, not both.")]
    [InlineData("AES_512", null, "KeySpec must be AES_256 or AES_128.")]
    public void A_data_key_size_asked_for_wrongly_is_refused_as_before(string? keySpec, int? numberOfBytes, string message)
    {
        var error = AwsNames.ParseDataKeySize(keySpec, numberOfBytes, out _);

        Assert.Equal(KmsErrorCode.Validation, error?.Code);
        Assert.Equal(message, error?.Message);
    }

    [Theory]
    [InlineData("HMAC_SHA_256", MacAlgorithm.HmacSha256)]
    [InlineData("HMAC_SHA_512", MacAlgorithm.HmacSha512)]
    public void MAC_algorithms_are_read_from_their_AWS_names(string name, MacAlgorithm expected) =>
        Assert.Equal(expected, AwsNames.ParseMacAlgorithm(name));

    [Fact]
    public void An_unknown_MAC_algorithm_reads_as_none() => Assert.Null(AwsNames.ParseMacAlgorithm("hmac_sha_256"));
}
