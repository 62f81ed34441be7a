namespace Kms.Domain.Aliases;

/// <summary>The pure rules of an alias: create once, update or delete only what exists.</summary>
public static class AliasDomain
{
    /// <summary>The events a command produces, or the error that refuses it. A <see cref="AliasCommands.ResolveAlias"/> produces none.</summary>
    public static (IReadOnlyList<IAliasEvent> Events, KmsError? Error) Decide(this AliasState? state, IAliasCommand command, DateTimeOffset now) =>
        (state, command) switch
        {
            (_, AliasCommands.CreateAlias create) when AliasNames.Problem(create.AliasName) is { } problem => Fail(new KmsError(KmsErrorCode.InvalidAliasName, problem)),
            (null, AliasCommands.CreateAlias create) => ([new AliasEvents.AliasCreated(create.AliasName, create.TargetKeyId, now)], null),
            (not null, AliasCommands.CreateAlias create) => Fail(new KmsError(KmsErrorCode.AlreadyExists, $"Alias '{create.AliasName}' already exists.")),
            (null, _) => Fail(NotFound(command.AliasName)),
            (not null, AliasCommands.UpdateAlias update) when update.TargetKeyId == state.TargetKeyId => ([], null),
            (not null, AliasCommands.UpdateAlias update) => ([new AliasEvents.AliasUpdated(update.AliasName, update.TargetKeyId, now)], null),
            // The catalog deletes a destroyed key's aliases; a late copy of that must not delete the name used again for another key.
            (not null, AliasCommands.DeleteAlias { OnlyIfTarget: { } target }) when target != state.TargetKeyId => ([], null),
            (not null, AliasCommands.DeleteAlias delete) => ([new AliasEvents.AliasDeleted(delete.AliasName, now)], null),
            _ => ([], null),
        };

    public static AliasState? Apply(this AliasState? state, IAliasEvent @event) => @event switch
    {
        AliasEvents.AliasCreated created => new AliasState(created.AliasName, created.TargetKeyId, created.At, created.At),
        AliasEvents.AliasUpdated updated => (state ?? throw new InvalidOperationException($"Update of missing alias {updated.AliasName}."))
            with { TargetKeyId = updated.TargetKeyId, LastUpdatedDate = updated.At },
        AliasEvents.AliasDeleted => null,
        _ => throw new InvalidOperationException($"Unknown alias event {@event.GetType().Name}."),
    };

    public static KmsError NotFound(string aliasName) => new(KmsErrorCode.NotFound, $"Alias '{aliasName}' does not exist.");

    private static (IReadOnlyList<IAliasEvent>, KmsError?) Fail(KmsError error) => ([], error);
}
