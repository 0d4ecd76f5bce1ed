using Amazon.CDK;

namespace Razors.Infra;

/// <summary>
/// Mail through Amazon SES's SMTP interface: the stack parameters <c>SenderAddress</c> (an identity
/// verified in SES, the address every mail is sent from) and <c>SmtpCredentialsSecretArn</c> (a
/// Secrets Manager secret with the SES SMTP credentials as <c>username</c> and <c>password</c>), and
/// the regional endpoint on port 587, where the client upgrades to TLS with STARTTLS
/// (https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html). The SMTP credentials belong to an
/// IAM user allowed <c>ses:SendRawEmail</c> (https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html),
/// so the functions themselves need no SES permission, only the secret.
/// </summary>
public sealed class SesSmtpMail
{
    public const string SenderParameter = "SenderAddress";
    public const string CredentialsParameter = "SmtpCredentialsSecretArn";
    public const int SmtpPort = 587;

    public SesSmtpMail(Stack stack, MailSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stack);
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        Sender = new CfnParameter(stack, SenderParameter, new CfnParameterProps
        {
            Type = "String",
            Description = "The address every mail is sent from: an identity (address or domain) verified in Amazon SES in this region.",
            AllowedPattern = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
            ConstraintDescription = "must be an email address, e.g. welcome@example.com",
        });
        CredentialsSecret = new CfnParameter(stack, CredentialsParameter, new CfnParameterProps
        {
            Type = "String",
            Description = "ARN of the Secrets Manager secret (encrypted with the aws/secretsmanager key) that holds the SES SMTP credentials as JSON: username, password.",
            // The complete ARN, with the six characters Secrets Manager appends: GetSecretValue is granted on exactly it.
            AllowedPattern = "^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$",
            ConstraintDescription = "must be the complete ARN of a secret, arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>",
        });
        Host = $"email-smtp.{Aws.REGION}.amazonaws.com";
    }

    public MailSpec Spec { get; }

    public CfnParameter Sender { get; }

    public CfnParameter CredentialsSecret { get; }

    /// <summary>SES's SMTP endpoint in the stack's region.</summary>
    public string Host { get; }
}
