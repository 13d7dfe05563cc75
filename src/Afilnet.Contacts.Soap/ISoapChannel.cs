using System.ServiceModel;
using System.ServiceModel.Channels;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// One untyped operation for all twelve methods: the request envelope is written by <see cref="SoapRequestWriter"/>
/// and the reply read by <see cref="SoapAnswerReader"/>, so WCF only carries messages and no per-method proxy exists.
/// </summary>
[ServiceContract(Namespace = SoapTransport.Namespace, Name = "ContactsPortType")]
internal interface ISoapContract
{
    /// <summary>Sends one request envelope and returns the reply (a Fault reply is returned, not thrown).</summary>
    /// <param name="request">The request; its Action is the SOAPAction header.</param>
    /// <returns>The reply, or <see langword="null"/> when the server sent no body.</returns>
    [OperationContract(Action = "*", ReplyAction = "*")]
    Task<Message> RequestAsync(Message request);
}

/// <summary>The contract plus the channel's lifetime members (Close, Abort).</summary>
internal interface ISoapChannel : ISoapContract, IClientChannel
{
}
