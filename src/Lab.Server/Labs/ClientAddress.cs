namespace Lab.Server.Labs;

/// <summary>
/// Who is asking, for the per-client limits: the remote IP of the HTTP request, or of the browser connection a page's
/// circuit runs on. One per request or circuit (scoped); filled in by <see cref="ClientAddressCapture"/>.
/// </summary>
public sealed class ClientAddress
{
    public const string Unknown = "unknown";
    public string Value { get; set; } = Unknown;
}
