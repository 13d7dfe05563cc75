namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>Distinctive credentials: characters that need encoding everywhere, so leaks and encoding bugs both show.</summary>
public static class TestCredentials
{
    public const string User = "ana+test@example.com";

    public const string Password = "Pw-CANARY-7f3a& =+%#?/:é中😀";
}
