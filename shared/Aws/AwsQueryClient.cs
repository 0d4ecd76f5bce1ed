using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Razors.Aws;

/// <summary>
/// The wire of AWS's query protocol (CloudFormation): <c>POST /</c> with a form-encoded
/// <c>Action=…&amp;Version=…</c> body, signed by the <see cref="HttpClient"/>'s handler; the answer is
/// XML, <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;…</c>, and an error answer
/// (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>) becomes the client's own exception type.
/// </summary>
/// <remarks>The protocol: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html</remarks>
internal sealed class AwsQueryClient : IDisposable
{
    private readonly HttpClient httpClient;
    private readonly Uri serviceUrl;
    private readonly bool ownsHttpClient;

    /// <summary>
    /// Calls <paramref name="serviceUrl"/> through <paramref name="httpClient"/> (disposed with this
    /// client when <paramref name="ownsHttpClient"/>).
    /// </summary>
    public AwsQueryClient(HttpClient httpClient, Uri serviceUrl, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        this.httpClient = httpClient;
        this.serviceUrl = serviceUrl;
        this.ownsHttpClient = ownsHttpClient;
    }

    /// <summary>
    /// Sends one call and answers <paramref name="read"/> of its <c>&lt;{Action}Result&gt;</c> element
    /// (an empty one when the answer has none, as for <c>DeleteStack</c>). A non-2xx answer is thrown as
    /// <paramref name="error"/>(code, message, status); an answer that is not the action's XML too,
    /// without quoting the body (a template or an output may hold a secret).
    /// </summary>
    public async Task<TResponse> InvokeAsync<TResponse>(
        string action,
        AwsQueryForm form,
        Func<XElement, TResponse> read,
        Func<string, string, int, AwsServiceException> error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(error);
        using var content = new StringContent(form.Encode(), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var message = new HttpRequestMessage(HttpMethod.Post, serviceUrl) { Content = content };

        using var response = await httpClient.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var (code, text) = ReadError(response, body);
            throw error(code, text, status);
        }

        XElement root;
        try
        {
            root = XElement.Parse(body);
        }
        catch (XmlException e)
        {
            throw error("SerializationException", $"{action} answered a body that is not XML (line {e.LineNumber}).", status);
        }

        // Elements are matched by local name: AWS qualifies them with the API's namespace
        // (http://cloudformation.amazonaws.com/doc/2010-05-15/), some emulators leave it out.
        if (root.Name.LocalName != action + "Response")
        {
            throw error("SerializationException", $"{action} answered <{root.Name.LocalName}>, not <{action}Response>.", status);
        }

        try
        {
            return read(root.Child(action + "Result") ?? new XElement(action + "Result"));
        }
        catch (FormatException e)
        {
            throw error("SerializationException", $"{action} answered XML that is not its answer ({e.Message}).", status);
        }
    }

    /// <summary>
    /// <see cref="InvokeAsync"/>, sent again after a jittered pause while the service throttles
    /// (<see cref="AwsServiceException.IsThrottling"/>), up to <see cref="ThrottlingRetryOptions.MaxRetries"/> times.
    /// A throttled call was refused before anything happened, so every call may be sent again.
    /// </summary>
    public async Task<TResponse> InvokeRetryingThrottlesAsync<TResponse>(
        string action,
        AwsQueryForm form,
        Func<XElement, TResponse> read,
        Func<string, string, int, AwsServiceException> error,
        ThrottlingRetryOptions retry,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(time);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await InvokeAsync(action, form, read, error, cancellationToken);
            }
            catch (AwsServiceException e) when (e.IsThrottling && attempt < retry.MaxRetries)
            {
                await Task.Delay(retry.Backoff(attempt), time, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        if (ownsHttpClient)
        {
            httpClient.Dispose();
        }
    }

    /// <summary>
    /// The code and message of <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;…&lt;/Code&gt;&lt;Message&gt;…</c>;
    /// for a body that is not that (a load balancer's HTML page, say) <c>Http{status}</c> and the reason phrase.
    /// </summary>
    private static (string Code, string Message) ReadError(HttpResponseMessage response, string body)
    {
        var fallback = ($"Http{((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}", response.ReasonPhrase ?? "no message");
        XElement root;
        try
        {
            root = XElement.Parse(body);
        }
        catch (XmlException)
        {
            return fallback;
        }

        // AWS answers <ErrorResponse><Error>…; a few query services answer <Response><Errors><Error>….
        var errorElement = root.Child("Error") ?? root.Child("Errors")?.Child("Error");
        var code = errorElement?.Text("Code");
        return string.IsNullOrEmpty(code) ? fallback : (code, errorElement!.Text("Message") ?? fallback.Item2);
    }
}
