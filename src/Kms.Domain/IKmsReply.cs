namespace Kms.Domain;

/// <summary>
/// An answer of the operation model: a success shape or <see cref="Keys.KeyReplies.Failed"/>. Actor replies
/// are also <see cref="IKmsMessage"/>s; a <see cref="Keys.Page{T}"/> is assembled locally and never sent.
/// </summary>
public interface IKmsReply;
