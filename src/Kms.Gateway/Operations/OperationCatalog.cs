namespace Kms.Gateway.Operations;

/// <summary>Every operation Kms serves, by AWS name and by native path segment (the name in lower case).</summary>
public sealed class OperationCatalog
{
    private readonly Dictionary<string, IKmsOperation> _byName;
    private readonly Dictionary<string, IKmsOperation> _byPath;

    public OperationCatalog()
    {
        IKmsOperation[] operations =
        [
            new CreateKeyOperation(), new DescribeKeyOperation(), new ListKeysOperation(), new EnableKeyOperation(),
            new DisableKeyOperation(), new UpdateKeyDescriptionOperation(), new ScheduleKeyDeletionOperation(),
            new CancelKeyDeletionOperation(), new RotateKeyOnDemandOperation(), new EnableKeyRotationOperation(),
            new DisableKeyRotationOperation(), new GetKeyRotationStatusOperation(), new ListKeyRotationsOperation(),
            new TagResourceOperation(), new UntagResourceOperation(), new ListResourceTagsOperation(),
            new EncryptOperation(), new DecryptOperation(), new ReEncryptOperation(), new GenerateDataKeyOperation(),
            new GenerateDataKeyWithoutPlaintextOperation(), new GenerateRandomOperation(), new GenerateMacOperation(),
            new VerifyMacOperation(), new CreateAliasOperation(), new UpdateAliasOperation(), new DeleteAliasOperation(),
            new ListAliasesOperation(),
        ];
        _byName = operations.ToDictionary(o => o.Name, StringComparer.Ordinal);
        _byPath = operations.ToDictionary(o => o.Name.ToLowerInvariant(), StringComparer.Ordinal);
    }

    public IEnumerable<IKmsOperation> All => _byName.Values;

    public IKmsOperation? ByName(string name) => _byName.GetValueOrDefault(name);

    public IKmsOperation? ByPath(string segment) => _byPath.GetValueOrDefault(segment);
}
