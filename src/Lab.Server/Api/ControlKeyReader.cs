using Lab.Server.Labs;

namespace Lab.Server.Api;

/// <summary>API.md: the control key comes in the X-Lab-Key header, or in the cookie the control link set.</summary>
public static class ControlKeyReader
{
    public const string Header = "X-Lab-Key";

    public static string? Read(HttpContext http, string labId) =>
        http.Request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrEmpty(header)
            ? header.ToString()
            : http.Request.Cookies[ControlKey.CookieName(labId)];
}
