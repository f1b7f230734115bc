namespace Lab.Contracts;

/// <summary>Site-relative links, shared by the server and the pages; the HTTP API makes them absolute with the request's host.</summary>
public static class LabUrls
{
    public static string View(string labId) => $"/labs/{labId}";
    public static string Control(string labId, string key) => $"/labs/{labId}/control?key={Uri.EscapeDataString(key)}";
    public static string Sample(string labId, int epoch) => $"/api/labs/{labId}/samples/{epoch}.png";

    /// <summary>The cookie the control link sets for one lab; the API and the page read it.</summary>
    public static string KeyCookie(string labId) => $"lab-key-{labId}";
}
