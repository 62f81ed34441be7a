using System.Diagnostics.CodeAnalysis;

namespace Kms.Domain;

/// <summary>
/// What an operation gives back: its own reply, or the typed error that refused it, and nothing else, so a caller
/// never receives "some reply" to switch on. A struct: the hot operations return one per request.
/// </summary>
public readonly struct Result<T> where T : class
{
    private Result(T? value, KmsError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public KmsError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static implicit operator Result<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static implicit operator Result<T>(KmsError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public Result<TOut> Map<TOut>(Func<T, TOut> map) where TOut : class => IsOk ? map(Value) : Error;

    public override string ToString() => IsOk ? $"Ok({Value})" : $"Error({Error})";
}
