using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Secrets;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Unit;

public sealed class ModelTests
{
    [Fact]
    public void ContactFields_keep_insertion_order_and_replace_in_place()
    {
        var fields = new ContactFields { { "mobile", "1" }, { "name", "Ana" } };
        fields["city"] = "Madrid";
        fields["name"] = "Eva";

        Assert.Equal(["mobile", "name", "city"], fields.Select(f => f.Key));
        Assert.Equal("Eva", fields["name"]);
        Assert.Equal("mobile:1,name:Eva,city:Madrid", fields.ToString());
        Assert.Throws<ArgumentException>(() => fields.Add("mobile", "2"));
        Assert.Throws<KeyNotFoundException>(() => fields["email"]);
        Assert.False(fields.Contains("Mobile"));
    }

    [Fact]
    public void Error_codes_are_open_and_verbatim()
    {
        Assert.Equal(14, ApiErrorCode.Documented.Count);
        Assert.Equal(14, ApiErrorCode.Documented.Distinct().Count());
        Assert.True(new ApiErrorCode("CONTACT_EXISTS").IsDocumented);
        Assert.Equal(ApiErrorCode.ContactExists, new ApiErrorCode("CONTACT_EXISTS"));
        var unknown = new ApiErrorCode("quota_exceeded_v2");
        Assert.False(unknown.IsDocumented);
        Assert.Equal("quota_exceeded_v2", unknown.ToString());
    }

    [Fact]
    public void Api_exception_message_names_method_code_and_meaning()
    {
        var error = new AfilnetApiException(ApiErrorCode.NotAccessToGroup, "getcontacts");

        Assert.Equal("Afilnet 'getcontacts' failed with error NOT_ACCESS_TO_GROUP: the account may not access this group.", error.Message);
        Assert.True(error.RequestMayHaveReachedServer);
    }

    [Fact]
    public void Operation_catalog_matches_the_documented_table()
    {
        Assert.Equal(
            ["creategroup", "getgroupcolumns", "addcolumntogroup", "deletecolumnfromgroup", "deletegroup", "assigncountrytogroup",
             "getcontacts", "getcontact", "addcontact", "addcontactlist", "modifycontact", "deletecontact"],
            ApiOperations.All.Select(o => o.Name));
        Assert.Equal(["getgroupcolumns", "getcontacts", "getcontact"], ApiOperations.All.Where(o => o.IsRead).Select(o => o.Name));
        Assert.Equal(["idgroup", "idcontact", "contact"], ApiOperations.ModifyContact.ParameterNames);
        Assert.Same(ApiOperations.GetContact, ApiOperations.Find("getcontact"));
        Assert.Null(ApiOperations.Find("sendsms"));
    }

    [Fact]
    public void Api_request_refuses_parameters_that_do_not_match_the_operation()
    {
        Assert.Throws<ArgumentException>(() => new ApiRequest(ApiOperations.GetContact, [new("idgroup", "1")]));
        Assert.Throws<ArgumentException>(() => new ApiRequest(ApiOperations.GetContact, [new("idcontact", "2"), new("idgroup", "1")]));
        var request = new ApiRequest(ApiOperations.GetContact, [new("idgroup", "1"), new("idcontact", "2")]);
        Assert.Equal("getcontact(idgroup, idcontact)", request.ToString());
    }

    [Fact]
    public void Nothing_prints_the_password()
    {
        var options = new AfilnetOptions { Transport = AfilnetTransportKind.HttpGet, User = TestCredentials.User, Password = TestCredentials.Password };
        using var client = new ContactsClient(options);

        foreach (var text in new[] { options.ToString(), client.ToString() })
        {
            Assert.DoesNotContain(TestCredentials.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("CANARY", text, StringComparison.Ordinal);
        }

        Assert.Contains(TestCredentials.User, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("https://www.afilnet.com/api/http/", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_cuts_out_a_secret_echoed_in_a_form_the_SDK_sends_and_keeps_the_rest()
    {
        var gate = new ServerTextGate(TestCredentials.Password);
        var forms = new[]
        {
            TestCredentials.Password,
            Uri.EscapeDataString(TestCredentials.Password),
            System.Security.SecurityElement.Escape(TestCredentials.Password),
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(TestCredentials.Password)),
        };

        foreach (var form in forms)
        {
            Assert.Equal("before *** after", gate.Text($"before {form} after"));
        }

        Assert.Equal("short ab", new ServerTextGate("ab").Text("short ab"));
    }
}
