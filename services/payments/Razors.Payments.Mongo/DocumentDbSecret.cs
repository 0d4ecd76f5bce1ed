using System.Globalization;
using System.Text.Json;

namespace Razors.Payments.Mongo;

/// <summary>
/// The credentials and address of a DocumentDB cluster as Secrets Manager keeps them: the JSON
/// that DocumentDB and the CDK's <c>DatabaseSecret</c> attached to a cluster generate
/// (<c>username</c>, <c>password</c>, <c>host</c>, <c>port</c>, and <c>engine</c>,
/// <c>dbClusterIdentifier</c> when attached).
/// </summary>
public sealed record DocumentDbSecret(string Username, string Password, string Host, int Port)
{
    private static readonly string[] RequiredFields = ["username", "password", "host", "port"];

    public string? Engine { get; init; }

    public string? DbClusterIdentifier { get; init; }

    /// <summary>
    /// Reads <paramref name="json"/>, the text of secret <paramref name="secretId"/>. Errors name
    /// the secret and the missing or malformed field, never the secret's text.
    /// </summary>
    public static DocumentDbSecret Parse(string? json, string secretId)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw Invalid(secretId, "is empty or binary; expected the JSON with username, password, host and port");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // JsonException names a position, not the text, so it can travel as the inner exception.
            throw Invalid(secretId, "is not JSON; expected an object with username, password, host and port", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(secretId, "is not a JSON object; expected one with username, password, host and port");
            }

            var missing = RequiredFields
                .Where(name => !root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null
                    || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
                .ToList();
            if (missing.Count > 0)
            {
                throw Invalid(secretId, $"has no {string.Join(", ", missing)}; a DocumentDB secret needs username, password, host and port");
            }

            return new DocumentDbSecret(
                Text(root, "username", secretId),
                Text(root, "password", secretId),
                Text(root, "host", secretId),
                ReadPort(root.GetProperty("port"), secretId))
            {
                Engine = OptionalText(root, "engine"),
                DbClusterIdentifier = OptionalText(root, "dbClusterIdentifier"),
            };
        }
    }

    /// <summary>Leaves the password out, so the secret can be logged or shown in an exception.</summary>
    public override string ToString() =>
        $"DocumentDbSecret {{ Username = {Username}, Password = (hidden), Host = {Host}, Port = {Port}, Engine = {Engine}, DbClusterIdentifier = {DbClusterIdentifier} }}";

    private static string Text(JsonElement root, string name, string secretId)
    {
        var value = root.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Invalid(secretId, $"has a {name} that is not a string");
    }

    private static string? OptionalText(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The CDK writes the port as a number; a secret edited by hand often has it as a string.
    private static int ReadPort(JsonElement value, string secretId)
    {
        var port = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            _ => 0,
        };
        return port is > 0 and <= 65535 ? port : throw Invalid(secretId, "has a port that is not a number from 1 to 65535");
    }

    private static InvalidOperationException Invalid(string secretId, string problem, Exception? inner = null) =>
        new($"The DocumentDB secret '{secretId}' {problem}.", inner);
}
