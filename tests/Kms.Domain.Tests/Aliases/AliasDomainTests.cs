namespace Kms.Domain.Tests.Aliases;

public class AliasDomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const string Key1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string Key2 = "11111111-2222-4333-8444-555555555555";

    private static AliasState Existing() =>
        ((AliasState?)null).Apply(new AliasEvents.AliasCreated("alias/app", Key1, Now))!;

    [Fact]
    public void Create_of_a_new_alias_points_it_at_the_key()
    {
        var (events, error) = ((AliasState?)null).Decide(new AliasCommands.CreateAlias("alias/app", Key1), Now);
        Assert.Null(error);
        var state = ((AliasState?)null).Apply(Assert.Single(events))!;
        Assert.Equal(Key1, state.TargetKeyId);
        Assert.Equal(Now, state.CreationDate);
    }

    [Fact]
    public void Create_of_an_existing_alias_is_AlreadyExists()
    {
        var (events, error) = Existing().Decide(new AliasCommands.CreateAlias("alias/app", Key2), Now);
        Assert.Empty(events);
        Assert.Equal(KmsErrorCode.AlreadyExists, error!.Code);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("alias/")]
    [InlineData("alias/aws/s3")]
    [InlineData("alias/has space")]
    [InlineData("alias/ünïcode")]
    public void Invalid_alias_names_are_refused(string name)
    {
        var (_, error) = ((AliasState?)null).Decide(new AliasCommands.CreateAlias(name, Key1), Now);
        Assert.Equal(KmsErrorCode.InvalidAliasName, error!.Code);
    }

    [Fact]
    public void Names_up_to_256_characters_are_allowed_and_longer_ones_refused()
    {
        Assert.Null(AliasNames.Problem("alias/" + new string('a', 250)));
        Assert.NotNull(AliasNames.Problem("alias/" + new string('a', 251)));
    }

    [Fact]
    public void Update_retargets_and_keeps_the_creation_date()
    {
        var later = Now.AddHours(1);
        var (events, _) = Existing().Decide(new AliasCommands.UpdateAlias("alias/app", Key2), later);
        var state = Existing().Apply(Assert.Single(events))!;
        Assert.Equal(Key2, state.TargetKeyId);
        Assert.Equal(Now, state.CreationDate);
        Assert.Equal(later, state.LastUpdatedDate);
        Assert.Empty(state.Decide(new AliasCommands.UpdateAlias("alias/app", Key2), later).Events);
    }

    [Fact]
    public void Delete_removes_the_alias_so_it_can_be_created_again()
    {
        var (events, _) = Existing().Decide(new AliasCommands.DeleteAlias("alias/app"), Now);
        var state = Existing().Apply(Assert.Single(events));
        Assert.Null(state);
        Assert.Null(state.Decide(new AliasCommands.CreateAlias("alias/app", Key2), Now).Error);
    }

    [Fact]
    public void A_delete_for_a_destroyed_key_leaves_the_name_alone_once_it_points_to_another_key()
    {
        var repointed = Existing().Apply(new AliasEvents.AliasUpdated("alias/app", Key2, Now))!;
        Assert.Empty(repointed.Decide(new AliasCommands.DeleteAlias("alias/app") { OnlyIfTarget = Key1 }, Now).Events);
        Assert.Single(Existing().Decide(new AliasCommands.DeleteAlias("alias/app") { OnlyIfTarget = Key1 }, Now).Events);
    }

    [Fact]
    public void Update_delete_and_resolve_of_a_missing_alias_are_NotFound()
    {
        foreach (IAliasCommand command in new IAliasCommand[]
                 {
                     new AliasCommands.UpdateAlias("alias/none", Key1),
                     new AliasCommands.DeleteAlias("alias/none"),
                     new AliasCommands.ResolveAlias("alias/none"),
                 })
        {
            Assert.Equal(KmsErrorCode.NotFound, ((AliasState?)null).Decide(command, Now).Error!.Code);
        }
    }
}
