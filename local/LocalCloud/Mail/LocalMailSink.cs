using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Razors.LocalCloud.Mail;

/// <summary>A message the sink kept: its headers, for a list.</summary>
public sealed record SunkMail(string Id, DateTimeOffset ReceivedAt, string From, IReadOnlyList<string> To, string Subject, string? MessageId, string? MailId);

/// <summary>A message the sink kept, whole: its headers and its text and HTML parts.</summary>
public sealed record SunkMessage(SunkMail Mail, string? Text, string? Html);

/// <summary>
/// The local stand-in for Amazon SES: an SMTP server on the loopback address (a free port) that keeps
/// every message it accepts as an <c>.eml</c> file in one folder (under the data folder, so mail
/// survives a restart), written whole and flushed to disk before it answers 250. It accepts any sender
/// and any recipient except mailboxes under the reserved <c>.invalid</c> top-level domain (RFC 2606),
/// which it refuses with 550, so the refused path can be seen locally too.
/// </summary>
public sealed partial class LocalMailSink : IAsyncDisposable
{
    /// <summary>The header that carries the sender's own id of a mail (services/notifications/Razors.Notifications.Aws/SmtpMailSender.cs).</summary>
    public const string MailIdHeader = "X-Razors-Mail-Id";

    private readonly SmtpServer.SmtpServer server;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task running;

    private LocalMailSink(string folder, int port, ILogger logger)
    {
        Folder = folder;
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("razors-local-mail")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new FolderStore(folder));
        services.Add(new RefuseInvalidDomain());
        server = new SmtpServer.SmtpServer(options, services);
        server.SessionFaulted += (_, e) => LogSessionFaulted(logger, e.Exception);
        running = server.StartAsync(stopping.Token);
    }

    /// <summary>The folder of <c>.eml</c> files.</summary>
    public string Folder { get; }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts the sink on a free port, keeping messages in <paramref name="folder"/>; returns once it accepts connections.</summary>
    public static async Task<LocalMailSink> StartAsync(string folder, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        foreach (var torn in Directory.EnumerateFiles(folder, "*.tmp"))
        {
            // A message being written when the host died was never acknowledged: the sender sends it again.
            File.Delete(torn);
        }

        for (var attempt = 1; ; attempt++)
        {
            var sink = new LocalMailSink(folder, FreePort(), logger);
            try
            {
                await sink.WaitUntilListeningAsync(cancellationToken);
                return sink;
            }
            catch (SocketException) when (attempt < 5)
            {
                // Someone took the port between the probe and the bind: take another.
                await sink.DisposeAsync();
            }
        }
    }

    /// <summary>The messages, oldest first; at most <paramref name="limit"/> of the newest, to <paramref name="to"/> only if given.</summary>
    public IReadOnlyList<SunkMail> List(string? to, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var mails = Directory.EnumerateFiles(Folder, "*.eml")
            .Order(StringComparer.Ordinal)
            .Select(path => Header(Path.GetFileNameWithoutExtension(path), MimeMessage.Load(path)))
            .Where(m => to is null || m.To.Contains(to, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return mails.Skip(Math.Max(0, mails.Count - limit)).ToList();
    }

    /// <summary>The message with this id (as <see cref="List"/> gives it), or null.</summary>
    public SunkMessage? Read(string id)
    {
        var path = Path.Combine(Folder, id + ".eml");
        if (!MessageId().IsMatch(id) || !File.Exists(path))
        {
            return null;
        }

        var message = MimeMessage.Load(path);
        return new SunkMessage(Header(id, message), message.TextBody, message.HtmlBody);
    }

    public async ValueTask DisposeAsync()
    {
        server.Shutdown();
        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        stopping.Dispose();
    }

    private static SunkMail Header(string id, MimeMessage message) => new(
        id,
        DateTimeOffset.ParseExact(id[..22], "yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        message.From.ToString(),
        [.. message.To.Mailboxes.Select(m => m.Address)],
        message.Subject ?? "",
        message.MessageId,
        message.Headers[MailIdHeader]);

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (running.IsFaulted)
            {
                await running;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (attempt < 200 && !running.IsCompleted)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{13}-[0-9a-f]{32}$")]
    private static partial Regex MessageId();

    [LoggerMessage(Level = LogLevel.Warning, Message = "An SMTP session of the local mail sink failed")]
    private static partial void LogSessionFaulted(ILogger logger, Exception exception);

    /// <summary>Keeps each message in a file named by the time it came and a unique id, written whole before the 250.</summary>
    private sealed class FolderStore(string folder) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfffffff}-{Guid.NewGuid():N}");
            var temporary = Path.Combine(folder, name + ".tmp");
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                foreach (var segment in buffer)
                {
                    await file.WriteAsync(segment, cancellationToken);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path.Combine(folder, name + ".eml"));
            return SmtpResponse.Ok;
        }
    }

    private sealed class RefuseInvalidDomain : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!(to.Host ?? "").EndsWith(".invalid", StringComparison.OrdinalIgnoreCase));
    }
}
