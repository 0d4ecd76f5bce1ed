using Microsoft.Extensions.Logging;
using Razors.Customers.Ports;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// Reads an uploaded import file and sends its rows to the import-rows queue, ten per call. Run
/// again for the same file (a redelivered upload notification, a crash mid-file), it sends every
/// row again; the inserter handles each import row once.
/// </summary>
public sealed partial class ImportParser(IUploadStore uploads, IImportRowQueue queue, ILogger<ImportParser> logger)
{
    private const int ProgressEvery = 5_000;

    /// <summary>Sends the rows of <paramref name="importId"/>'s file; the number sent, or null when the file is gone (expired).</summary>
    public async Task<int?> SendRowsAsync(string importId, CancellationToken cancellationToken)
    {
        await using var file = await uploads.OpenAsync(ImportFiles.KeyOf(importId), cancellationToken);
        if (file is null)
        {
            LogFileGone(logger, importId);
            return null;
        }

        var sent = 0;
        var batch = new List<ImportRowMessage>(IImportRowQueue.MaxBatch);
        foreach (var row in CustomerCsv.ReadRows(file))
        {
            batch.Add(new ImportRowMessage(importId, row.Line, row.Fields, row.Rejection));
            if (batch.Count == IImportRowQueue.MaxBatch)
            {
                sent += await FlushAsync(batch, cancellationToken);
                if (sent % ProgressEvery == 0)
                {
                    LogProgress(logger, importId, sent);
                }
            }
        }

        sent += await FlushAsync(batch, cancellationToken);
        LogSent(logger, importId, sent);
        return sent;
    }

    private async Task<int> FlushAsync(List<ImportRowMessage> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await queue.SendAsync([.. batch], cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The file of import {ImportId} is not in the upload store (expired or never stored): its rows cannot be sent")]
    private static partial void LogFileGone(ILogger logger, string importId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId}: {Sent} rows sent to the import-rows queue so far")]
    private static partial void LogProgress(ILogger logger, string importId, int sent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId}: all {Sent} rows sent to the import-rows queue")]
    private static partial void LogSent(ILogger logger, string importId, int sent);
}
