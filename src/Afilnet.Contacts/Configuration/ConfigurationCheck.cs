using System.Globalization;
using System.Numerics;
using Afilnet.Contacts.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// Reads the configuration section itself, before the binder does, so that a mistake the binder would throw on (a
/// transport name that is not one, a time that is not a time) or pass over in silence (an unknown key, the whole
/// configuration instead of its <c>Afilnet</c> section) fails at start with a message that names the key, says what is
/// wrong with its value and lists what is valid. A value is quoted only when it is short, plain and holds no configured
/// secret; the password and client secret are never quoted, wherever they were put.
/// </summary>
/// <remarks>
/// Unknown keys fail rather than being ignored: the section is the SDK's own, and a key the binder skips leaves a
/// default in place without a word, which for <c>MinimumSecurityLevel</c>, <c>AllowInsecureHttp</c> or the credentials
/// means running with a weaker or a different setting than the one written. The cost is that a configuration written for
/// a later SDK version fails on its new keys, at start and naming them, rather than running without them.
/// </remarks>
internal static class ConfigurationCheck
{
    /// <summary>The retry settings' section.</summary>
    public const string RetrySection = "Retry";

    /// <summary>The keys directly under the section (the retry section aside).</summary>
    public static IReadOnlyList<SettingKey> Keys { get; } =
    [
        SettingKey.Choice<AfilnetTransportKind>("Transport"),
        SettingKey.Address("BaseAddress", "an absolute http or https address, for example https://www.afilnet.com/"),
        SettingKey.Text("User"),
        SettingKey.Text("Password"),
        SettingKey.Text("ClientId"),
        SettingKey.Text("ClientSecret"),
        SettingKey.Address("TokenEndpoint", $"an absolute http or https address, or a path relative to BaseAddress such as {AfilnetOptions.DefaultTokenPath}"),
        SettingKey.Choice<OAuth2ClientAuthentication>("ClientCredentialStyle"),
        SettingKey.Choice<BasicAuthVerb>("BasicAuthVerb"),
        SettingKey.Choice<SecurityLevel>("MinimumSecurityLevel"),
        SettingKey.Flag("AllowInsecureHttp"),
        SettingKey.Time("Timeout", _ => SettingRanges.AttemptTimeout),
        SettingKey.Number<int>("MaxUrlLength", SettingRanges.UrlLength, "for HttpGet and BasicAuth GET also longer than the endpoint URL"),
        SettingKey.Number<long>("MaxResponseBytes", SettingRanges.ResponseBytes),
    ];

    /// <summary>The keys under <see cref="RetrySection"/>.</summary>
    public static IReadOnlyList<SettingKey> RetryKeys { get; } =
    [
        SettingKey.Number<int>("MaxRetries", SettingRanges.Retries),
        SettingKey.Time("RetryDelay", _ => SettingRanges.Wait),
        SettingKey.Time("MaxRetryDelay", key => SettingRanges.MaxRetryDelay(key[..(key.LastIndexOf(':') + 1)] + "RetryDelay", null)),
        SettingKey.Time("MaxRetryAfter", _ => SettingRanges.Wait),
        SettingKey.Time("TotalTimeout", _ => SettingRanges.TotalTimeout),
    ];

    // Every key by its path under the section, for suggestions: Transport, …, Retry:MaxRetries, ….
    private static readonly string[] AllPaths = [.. Keys.Select(k => k.Name), .. RetryKeys.Select(k => $"{RetrySection}:{k.Name}")];

    /// <summary>
    /// Registers the check of <paramref name="configuration"/>, then the binding of it: the check runs first each time
    /// the options are built (at start, through <c>ValidateOnStart</c>) and throws <see cref="OptionsValidationException"/>
    /// with every problem found, so the binder never throws its own, less helpful, message.
    /// </summary>
    public static OptionsBuilder<AfilnetOptions> BindChecked(this OptionsBuilder<AfilnetOptions> builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = builder.Name;
        builder.Configure(_ =>
        {
            var failures = Check(configuration);
            if (failures.Count != 0)
            {
                throw new OptionsValidationException(name, typeof(AfilnetOptions), failures);
            }
        });
        return builder.Bind(configuration);
    }

    /// <summary>Every problem of <paramref name="configuration"/> as a section of Afilnet settings; empty when the binder can read it.</summary>
    public static List<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        var section = configuration as IConfigurationSection;
        var children = configuration.GetChildren().ToList();
        if (NotASection(section, children) is { } wrongSection)
        {
            failures.Add(wrongSection);
            return failures;
        }

        var gate = new ServerTextGate(configuration["Password"], configuration["ClientSecret"]);
        string Shown(string value) => Quote(value, gate);
        var prefix = section is null ? string.Empty : section.Path + ":";
        CheckKeys(children, Keys, string.Empty, prefix, Shown, failures);
        return failures;
    }

    /// <summary>
    /// Why the configuration given is not a section of Afilnet settings at all: the whole configuration (or a parent)
    /// holding an <c>Afilnet</c> section but no setting itself, or a single value. <see langword="null"/> otherwise,
    /// an empty section included (the settings may be set in code; validation then names what is missing).
    /// </summary>
    private static string? NotASection(IConfigurationSection? section, List<IConfigurationSection> children)
    {
        var where = section is null ? "the configuration root" : $"the section '{section.Path}'";
        if (children.Count == 0)
        {
            return section is { Value.Length: > 0 }
                ? $"AddAfilnetContacts was given {where}, which is a single value, not a section of Afilnet settings; " +
                  $"pass the section that holds them, usually configuration.GetSection(\"{AfilnetOptions.DefaultSectionName}\")."
                : null;
        }

        if (children.Any(c => Find(Keys, c.Key) is not null || IsRetry(c.Key)))
        {
            return null;
        }

        // Sections below that hold settings: the Afilnet section of a whole configuration, or keyed clients' sections.
        var below = children.Where(c => string.Equals(c.Key, AfilnetOptions.DefaultSectionName, StringComparison.OrdinalIgnoreCase) || HoldsSettings(c)).ToList();
        if (below.Count == 1)
        {
            return $"AddAfilnetContacts was given {where}, which is not an Afilnet section: it holds none of the Afilnet settings but a section '{below[0].Path}' " +
                   $"that may. Pass configuration.GetSection(\"{below[0].Path}\") instead.";
        }

        if (below.Count > 1)
        {
            return $"AddAfilnetContacts was given {where}, which is not an Afilnet section: it holds none of the Afilnet settings but the sections " +
                   $"{string.Join(", ", below.Select(c => $"'{c.Path}'"))}, which may be clients of their own. Pass one of them, for example " +
                   $"configuration.GetSection(\"{below[0].Path}\"), and register each by name.";
        }

        // Keys that are all far from any setting are another section, not typos: say so once rather than once a key.
        const int Listed = 5;
        return children.Any(c => Closest(c.Key) is not null)
            ? null
            : $"AddAfilnetContacts was given {where}, which is not an Afilnet section: none of its keys " +
              $"({string.Join(", ", children.Take(Listed).Select(c => c.Key))}{(children.Count > Listed ? ", …" : string.Empty)}) is an Afilnet setting. " +
              $"Pass the section that holds them, usually configuration.GetSection(\"{AfilnetOptions.DefaultSectionName}\").";
    }

    /// <param name="children">The keys found.</param>
    /// <param name="keys">The keys valid there.</param>
    /// <param name="relativePrefix">Where they are under the section: empty, or <c>Retry:</c>.</param>
    /// <param name="sectionPrefix">The section's path and a colon; empty for a configuration root.</param>
    /// <param name="shown">How a value is quoted.</param>
    /// <param name="failures">Where problems go.</param>
    private static void CheckKeys(List<IConfigurationSection> children, IReadOnlyList<SettingKey> keys, string relativePrefix, string sectionPrefix, Func<string, string> shown, List<string> failures)
    {
        foreach (var child in children)
        {
            if (relativePrefix.Length == 0 && IsRetry(child.Key))
            {
                CheckRetry(child, sectionPrefix, shown, failures);
            }
            else if (Find(keys, child.Key) is not { } key)
            {
                // A section holding settings of its own is another client's (Afilnet:Eu beside Afilnet's own keys, as
                // keyed clients are laid out); its own registration checks it.
                if (relativePrefix.Length != 0 || !HoldsSettings(child))
                {
                    failures.Add(Unknown(child.Path, relativePrefix + child.Key, sectionPrefix));
                }
            }
            else
            {
                failures.AddRange(child.GetChildren().Select(nested => $"{nested.Path} is not an Afilnet setting: {child.Path} takes a value, not a section."));
                if (!string.IsNullOrEmpty(child.Value) && key.Check(child.Path, child.Value, shown) is { } problem)
                {
                    failures.Add(problem);
                }
            }
        }
    }

    private static void CheckRetry(IConfigurationSection retry, string sectionPrefix, Func<string, string> shown, List<string> failures)
    {
        var children = retry.GetChildren().ToList();
        if (children.Count == 0 && !string.IsNullOrEmpty(retry.Value))
        {
            failures.Add($"{retry.Path} is set to a value, but it is the section of the retry settings; set its keys instead: " +
                         $"{string.Join(", ", RetryKeys.Select(k => $"{retry.Path}:{k.Name}"))}.");
            return;
        }

        CheckKeys(children, RetryKeys, RetrySection + ":", sectionPrefix, shown, failures);
    }

    /// <summary>An unknown key, with the valid key it most likely meant, or else the list of valid keys.</summary>
    private static string Unknown(string path, string relative, string sectionPrefix) => Closest(relative) is { } closest
        ? $"{path} is not an Afilnet setting; did you mean {sectionPrefix}{closest}?"
        : $"{path} is not an Afilnet setting; valid keys under {(sectionPrefix.Length == 0 ? "the configuration" : sectionPrefix.TrimEnd(':'))}: {string.Join(", ", AllPaths)}.";

    /// <summary>
    /// The valid key <paramref name="relative"/> most likely meant: one with the same name elsewhere (a retry setting
    /// put directly under the section); else one a couple of edits away (Pasword); else one whose name it contains
    /// (DefaultTimeout, UserName); else the nearest, if it is near enough to be a typo.
    /// </summary>
    internal static string? Closest(string relative)
    {
        static string LeafOf(string path) => path[(path.LastIndexOf(':') + 1)..];
        var leaf = LeafOf(relative);
        var sameLeaf = AllPaths.FirstOrDefault(p => string.Equals(LeafOf(p), leaf, StringComparison.OrdinalIgnoreCase));
        if (sameLeaf is not null)
        {
            return sameLeaf;
        }

        var (nearest, distance) = AllPaths.Append(RetrySection)
            .Select(p => (Path: p, Distance: Math.Min(Distance(relative, p), Distance(leaf, LeafOf(p)))))
            .MinBy(c => c.Distance);
        if (distance <= 2)
        {
            return nearest;
        }

        var contained = AllPaths.Where(p => leaf.Contains(LeafOf(p), StringComparison.OrdinalIgnoreCase)).MaxBy(p => LeafOf(p).Length);

        // Two in five edits is still a typo for a longer name (MaxRetry for MaxRetries).
        return contained ?? (distance <= leaf.Length * 2 / 5 ? nearest : null);
    }

    /// <summary>The Levenshtein distance, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]);
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (same ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static SettingKey? Find(IReadOnlyList<SettingKey> keys, string name) =>
        keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="section"/> holds keys of its own that are Afilnet settings: a client's section.</summary>
    private static bool HoldsSettings(IConfigurationSection section) =>
        section.GetChildren().Any(c => Find(Keys, c.Key) is not null || IsRetry(c.Key));

    private static bool IsRetry(string name) => string.Equals(name, RetrySection, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <paramref name="value"/> in quotes when it is short, plain ASCII and holds no configured secret; otherwise only
    /// its length, so a password written under the wrong key is never repeated.
    /// </summary>
    internal static string Quote(string value, ServerTextGate gate)
    {
        var plain = value.Length <= 64 && value.All(c => c is >= ' ' and <= '~' and not '\'' and not '"');
        return plain && !gate.HoldsSecret(value) ? $"'{value}'" : $"a value of {value.Length} characters";
    }
}

/// <summary>
/// One key of the section: its name, the type the binder converts it to, and the check of its raw text, which accepts
/// only what the binder can convert, and also refuses two things it would convert into a mistake: a number for an
/// enumeration, and a bare number (of days) for a time.
/// </summary>
/// <param name="Name">The key under its section.</param>
/// <param name="Type">The options property's type.</param>
/// <param name="Check">(the key's path, its raw value, how to quote a value) to the failure, or <see langword="null"/>.</param>
internal sealed record SettingKey(string Name, Type Type, Func<string, string, Func<string, string>, string?> Check)
{
    public static SettingKey Text(string name) => new(name, typeof(string), (_, _, _) => null);

    public static SettingKey Choice<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>();
        return new(name, typeof(TEnum), (key, value, shown) =>
            names.Any(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase)) ? null : NotOneOf<TEnum>(key, shown(value)));
    }

    /// <summary>
    /// The one wording of an enumeration value that is none of its names, for configuration text and for a number cast
    /// in code alike: "Afilnet:Transport is 'OAuth2', which is not a transport; valid values: HttpGet, …".
    /// </summary>
    public static string NotOneOf<TEnum>(string key, string shownValue)
        where TEnum : struct, Enum
    {
        var what = default(TEnum) switch
        {
            AfilnetTransportKind => "transport",
            OAuth2ClientAuthentication => "client authentication style",
            BasicAuthVerb => "BasicAuth verb",
            SecurityLevel => "security level",
            _ => typeof(TEnum).Name,
        };
        return $"{key} is {shownValue}, which is not a {what}; valid values: {string.Join(", ", Enum.GetNames<TEnum>())}.";
    }

    public static SettingKey Flag(string name) => new(name, typeof(bool), (key, value, shown) =>
        bool.TryParse(value, out _) ? null : $"{key} is {shown(value)}, which is not a boolean; valid values: true, false.");

    // The value is not quoted: an address may hold user information (https://user:password@host/).
    public static SettingKey Address(string name, string valid) => new(name, typeof(Uri), (key, value, _) =>
        IsUri(value) ? null : $"{key} is not an address; it must be {valid}.");

    private static bool IsUri(string value) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _);

    public static SettingKey Number<T>(string name, NumberRange range, string? note = null)
        where T : struct, IBinaryInteger<T>
    {
        var rule = note is null ? range.Describe() : $"{range.Describe()}, and {note}";
        return new(name, typeof(T), (key, value, shown) =>
            T.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : $"{key} is {shown(value)}, which is not a whole number; {rule}.");
    }

    /// <param name="name">The key.</param>
    /// <param name="range">The range, from the key's path (a range may name a sibling key).</param>
    public static SettingKey Time(string name, Func<string, TimeRange> range) => new(name, typeof(TimeSpan), (key, value, shown) =>
    {
        var rule = range(key).Describe();
        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var time))
        {
            return $"{key} is {shown(value)}, which is not a time; write it as [d.]hh:mm:ss[.fff], for example 00:00:30 for 30 seconds; {rule}.";
        }

        // TimeSpan reads a bare number as days: Timeout=100 is 100 days, not 100 seconds. Only 0 is the same either way.
        var bare = value.Trim();
        if (time == TimeSpan.Zero || !bare.TrimStart('-').All(char.IsAsciiDigit))
        {
            return null;
        }

        // No worked example for a value that may not be quoted (it holds a secret), nor for a negative one: the rule
        // itself answers -1 meant as "infinite".
        var quoted = shown(value);
        if (!quoted.StartsWith('\'') || bare.StartsWith('-'))
        {
            return $"{key} is {quoted}, a bare number, which is read as days; write a time as [d.]hh:mm:ss; {rule}.";
        }

        var days = long.Parse(bare, CultureInfo.InvariantCulture);
        var (dayUnit, secondUnit) = days == 1 ? ("day", "second") : ("days", "seconds");
        return $"{key} is {quoted}, a bare number, which is read as {bare} {dayUnit}; write a time as [d.]hh:mm:ss " +
               $"({SettingRanges.Show(time)} for {bare} {dayUnit}, {SettingRanges.Show(TimeSpan.FromSeconds(days))} for {bare} {secondUnit}); {rule}.";
    });
}
