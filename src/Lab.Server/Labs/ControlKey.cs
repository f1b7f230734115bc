using System.Security.Cryptography;
using System.Text;
using Lab.Contracts;

namespace Lab.Server.Labs;

/// <summary>
/// Lab ids and control keys: 128 random bits, URL-safe. Only the key's SHA-256 is kept, and comparison is
/// constant-time, so a leaked store or a timing probe does not hand out control.
/// </summary>
public static class ControlKey
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string? key, string storedHash) =>
        !string.IsNullOrEmpty(key) &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    public static string CookieName(string labId) => LabUrls.KeyCookie(labId);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
