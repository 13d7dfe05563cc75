using System.Globalization;

namespace Afilnet.Testing.State;

/// <summary>
/// The ISO 3166-1 alpha-3 codes the platform knows, from its region data (every specific culture's region), so the
/// fake needs no hand-kept list. Compared case-insensitively.
/// </summary>
internal static class Countries
{
    private static readonly Lazy<HashSet<string>> Known = new(Load);

    public static bool IsKnown(string code) => Known.Value.Contains(code.Trim());

    private static HashSet<string> Load()
    {
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var code = new RegionInfo(culture.Name).ThreeLetterISORegionName;

                // Some cultures name a UN M.49 area (001 world, 419 Latin America), which is not a country.
                if (code.Length == 3 && code.All(char.IsAsciiLetter))
                {
                    codes.Add(code);
                }
            }
            catch (ArgumentException)
            {
                // A culture without a region of its own.
            }
        }

        return codes;
    }
}
