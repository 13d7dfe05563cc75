using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>The retry rule sits above the transports, so WCF gets exactly what HttpClient gets.</summary>
public sealed class SamePolicyEveryTransportTests
{
    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task A_read_is_retried_after_503_and_a_write_is_sent_once_after_500(string wireStyle)
    {
        var style = WireStyles.Get(wireStyle);
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var (ok, contentType) = style.RenderSuccess("getgroupcolumns", """["mobile"]""");
        fake.AnswerInTurn(new(503, "busy"), new(200, ok, contentType));
        style.Prepare(fake);
        using var host = new ConfiguredClient(ConfiguredClient.For(style, fake.BaseAddress));
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(["mobile"], await host.Api.GetGroupColumnsAsync(new GroupId(1), ct));
        Assert.Equal(2, fake.Requests.Count);

        fake.Answer("failed", "text/plain", 500);
        style.Prepare(fake);
        fake.Server.ResetLogEntries();
        await Assert.ThrowsAsync<AfilnetTransportException>(() => host.Api.DeleteGroupAsync(new GroupId(1), ct));
        Assert.Single(fake.Requests);
    }
}
