using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// The answers of protocol.md, rendered once and served as bytes by both servers (loopback Kestrel and in-memory
/// handler), so server-side cost is a copy and identical for every client.
/// </summary>
internal static class CannedAnswers
{
    public const string User = "bench@example.com";
    public const string Password = "bench-password-1234";
    public const string AccessToken = "bench-access-token-0123456789abcdef";
    public const string SoapNamespace = "https://www.afilnet.com/api/soap/";
    public const long CreatedGroupId = 1000;

    private static readonly ConcurrentDictionary<int, byte[]> JsonContactsCache = new();
    private static readonly ConcurrentDictionary<int, byte[]> SoapContactsCache = new();

    public static byte[] JsonCreateGroup { get; } = Encoding.UTF8.GetBytes("""{"status":"SUCCESS","result":{"idgroup":1000}}""");

    public static byte[] SoapCreateGroup { get; } = Encoding.UTF8.GetBytes(Envelope(
        "<creategroupResponse xmlns=\"" + SoapNamespace + "\"><status>SUCCESS</status><result><idgroup>1000</idgroup></result></creategroupResponse>"));

    public static byte[] Token { get; } = Encoding.UTF8.GetBytes(
        "{\"access_token\":\"" + AccessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

    /// <summary><c>{"status":"SUCCESS","result":[{"idcontact":1000,"mobile":"34600000000","name":"Contact 0"},…]}</c>.</summary>
    public static byte[] JsonContacts(int count) => JsonContactsCache.GetOrAdd(count, static n =>
    {
        var text = new StringBuilder("""{"status":"SUCCESS","result":[""");
        for (var i = 0; i < n; i++)
        {
            text.Append(i == 0 ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $$"""{"idcontact":{{1000 + i}},"mobile":"{{Mobile(i)}}","name":"Contact {{i}}"}""");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    });

    /// <summary>The same contacts as a SOAP <c>getcontactsResponse</c> (protocol.md section 4).</summary>
    public static byte[] SoapContacts(int count) => SoapContactsCache.GetOrAdd(count, static n =>
    {
        var text = new StringBuilder("<getcontactsResponse xmlns=\"" + SoapNamespace + "\"><status>SUCCESS</status><result>");
        for (var i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"<contact><idcontact>{1000 + i}</idcontact><field name=\"mobile\">{Mobile(i)}</field><field name=\"name\">Contact {i}</field></contact>");
        }

        return Encoding.UTF8.GetBytes(Envelope(text.Append("</result></getcontactsResponse>").ToString()));
    });

    private static string Mobile(int i) => (34600000000L + i).ToString(CultureInfo.InvariantCulture);

    private static string Envelope(string body) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        + body + "</soap:Body></soap:Envelope>";
}
