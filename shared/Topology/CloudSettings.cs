namespace Razors.Topology;

/// <summary>
/// The settings the cloud hosts read, by name. The CDK stacks set them as environment variables
/// (<see cref="EnvironmentVariable"/>); the hosts read them through configuration and fail at start-up
/// with the name of any that is missing.
/// </summary>
public static class CloudSettings
{
    public const string SubscriptionTable = "Subscription:TableName";
    public const string StockTable = "Stock:TableName";
    public const string CustomersTable = "Customers:TableName";

    /// <summary>The region replica's table (<c>razors-customers-by-region</c>).</summary>
    public const string CustomersRegionTable = "Customers:RegionTableName";

    /// <summary>The bucket the customers service keeps uploaded import files in (a generated name in AWS).</summary>
    public const string CustomersUploadBucket = "Customers:UploadBucket";

    /// <summary>URL of the queue the import parser sends each row to.</summary>
    public const string CustomersImportRowsQueueUrl = "Customers:ImportRowsQueueUrl";

    /// <summary>URL of the queue the region replica sends an image it can never apply to, with the reason.</summary>
    public const string CustomersReplicaDeadLetterQueueUrl = "Customers:ReplicaDeadLetterQueueUrl";

    public const string NotificationsTable = "Notifications:TableName";

    /// <summary>The address every mail is sent from: an identity verified in Amazon SES (the stack parameter <c>SenderAddress</c>).</summary>
    public const string NotificationsSender = "Notifications:Mail:From";

    /// <summary>The SMTP server mail goes through: SES's SMTP endpoint (<c>email-smtp.&lt;region&gt;.amazonaws.com</c>) in AWS.</summary>
    public const string NotificationsSmtpHost = "Notifications:Smtp:Host";

    /// <summary>The SMTP port (587, STARTTLS, by default).</summary>
    public const string NotificationsSmtpPort = "Notifications:Smtp:Port";

    /// <summary>ARN of the Secrets Manager secret with the SES SMTP credentials (<c>username</c>, <c>password</c>).</summary>
    public const string NotificationsSmtpSecretArn = "Notifications:Smtp:CredentialsSecretArn";

    public const string InsightsTable = "Insights:TableName";

    /// <summary>The bus a relay puts its service's events on.</summary>
    public const string EventBusName = "Relay:EventBusName";

    /// <summary>The table whose outbox a relay or a sweeper marks (published, dead-lettered) and reads.</summary>
    public const string RelayTableName = "Relay:TableName";

    /// <summary>URL of the queue a relay sends records that can never be published to, whole and with the reason.</summary>
    public const string RelayDeadLetterQueueUrl = "Relay:DeadLetterQueueUrl";

    /// <summary>URL of the DLQ of a consumer's inbound queue: the consumer sends it what fails for good, with the reason.</summary>
    public const string InboundDeadLetterQueueUrl = "Inbound:DeadLetterQueueUrl";

    /// <summary>URL of a consumer's inbound queue: a message that failed on its last receive only because a store could not be reached goes back to it as a fresh message.</summary>
    public const string InboundQueueUrl = "Inbound:QueueUrl";

    /// <summary>The inbound queue's <c>maxReceiveCount</c>: on that receive a failing message goes to the DLQ with its reason.</summary>
    public const string InboundMaxReceiveCount = "Inbound:MaxReceiveCount";

    /// <summary>Minutes a pending outbox record is left to the stream relay before a sweep republishes it (default 5).</summary>
    public const string SweeperGraceMinutes = "Sweeper:GraceMinutes";

    /// <summary>Minutes a subscription may stay Pending before it is cancelled with reason <c>Timeout</c> (default 15).</summary>
    public const string SagaDeadlineMinutes = "Subscription:SagaDeadlineMinutes";

    /// <summary>URL of the payments outbox FIFO queue the change-stream worker sends to.</summary>
    public const string PaymentsOutboxQueueUrl = "Payments:OutboxQueueUrl";

    /// <summary>URL of the payments outbox DLQ (FIFO), where the change-stream worker sends a record it can never read or send, with the reason.</summary>
    public const string PaymentsOutboxDeadLetterQueueUrl = "Payments:OutboxDeadLetterQueueUrl";

    /// <summary>ARN of the Secrets Manager secret with the DocumentDB cluster's credentials, host and port.</summary>
    public const string PaymentsDatabaseSecretArn = "Payments:DocumentDb:SecretArn";

    public const string PaymentsDatabaseName = "Payments:DocumentDb:Database";

    /// <summary>
    /// The Amazon RDS CA bundle (PEM) that DocumentDB's TLS certificates are checked against, relative
    /// to the app's folder; optional, <c>rds-global-bundle.pem</c> by default (scripts/fetch-rds-ca-bundle.sh).
    /// </summary>
    public const string PaymentsDatabaseCaBundleFile = "Payments:DocumentDb:CaBundleFile";

    /// <summary><c>Payments:OutboxQueueUrl</c> → <c>Payments__OutboxQueueUrl</c>, as .NET configuration reads it.</summary>
    public static string EnvironmentVariable(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);
}
