using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Razors.Payments.Mongo;

/// <summary>
/// The Amazon RDS certificate authorities (the PEM bundle AWS publishes, which DocumentDB's
/// certificates chain to) as the only trust for TLS to DocumentDB: a server certificate is
/// accepted when it chains to a root in the bundle and names the host, whatever the machine's
/// own trust store holds (the container image has no RDS roots in it).
/// </summary>
public sealed class RdsCertificateAuthority : IDisposable
{
    /// <summary>The bundle's file name beside the app, where <c>scripts/fetch-rds-ca-bundle.sh</c> puts it.</summary>
    public const string DefaultFileName = "rds-global-bundle.pem";

    private readonly X509Certificate2Collection roots;
    private readonly X509Certificate2Collection intermediates;

    private RdsCertificateAuthority(X509Certificate2Collection roots, X509Certificate2Collection intermediates)
    {
        this.roots = roots;
        this.intermediates = intermediates;
    }

    public int RootCount => roots.Count;

    /// <summary>
    /// Loads the bundle from <paramref name="path"/>; a missing, empty or unreadable file fails
    /// naming <paramref name="setting"/> and how to get the file.
    /// </summary>
    public static RdsCertificateAuthority Load(string path, string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        const string HowToGetIt = "run scripts/fetch-rds-ca-bundle.sh before publishing (it downloads the Amazon RDS global CA bundle, "
            + "global-bundle.pem, from the AWS truststore into the worker and payments Lambda projects), "
            + "or point the setting at a copy of that bundle";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Amazon RDS CA bundle '{path}' (setting {setting}) does not exist: {HowToGetIt}.");
        }

        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"The Amazon RDS CA bundle '{path}' (setting {setting}) is not a PEM certificate bundle: {HowToGetIt}.", e);
        }

        if (all.Count == 0)
        {
            throw new InvalidOperationException($"The Amazon RDS CA bundle '{path}' (setting {setting}) holds no certificate: {HowToGetIt}.");
        }

        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? roots : intermediates).Add(certificate);
        }

        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"The Amazon RDS CA bundle '{path}' (setting {setting}) holds no root (self-signed) certificate: {HowToGetIt}.");
        }

        return new RdsCertificateAuthority(roots, intermediates);
    }

    /// <summary>
    /// A <see cref="RemoteCertificateValidationCallback"/>: refuses a missing certificate or one
    /// that does not name the host, and otherwise decides by building the chain against the
    /// bundle alone (the platform's verdict on the chain is ignored either way).
    /// </summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.ExtraStore.AddRange(intermediates);

            // Intermediates the server sent; they are trusted only if they chain to a bundle root.
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            // The cluster runs in a VPC that may have no route to the CA's revocation lists.
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return custom.Build(leaf);
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
            {
                leaf.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var certificate in roots.Concat(intermediates))
        {
            certificate.Dispose();
        }
    }
}
