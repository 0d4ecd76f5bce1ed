using MongoDB.Driver;
using Razors.Payments.Mongo;

namespace Razors.Payments.Tests.Mongo;

public sealed class when_documentdb_connection_settings_are_built : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("razors-ca-");
    private readonly RdsCertificateAuthority authority;
    private readonly MongoClientSettings settings;

    public when_documentdb_connection_settings_are_built()
    {
        using var root = TestCertificates.Authority("Test RDS Root");
        authority = RdsCertificateAuthority.Load(TestCertificates.WriteBundle(directory.FullName, root), "Payments:DocumentDb:CaBundleFile");
        settings = DocumentDbConnection.Settings(new DocumentDbSecret("razors", "hunter2", "razors.cluster-abc.docdb.test", 27018), authority);
    }

    [Fact]
    public void they_use_tls_checked_by_the_bundle_with_revocation_off()
    {
        Assert.True(settings.UseTls);
        Assert.False(settings.AllowInsecureTls);
        Assert.NotNull(settings.SslSettings.ServerCertificateValidationCallback);
        Assert.Same(authority, settings.SslSettings.ServerCertificateValidationCallback.Target);
        Assert.False(settings.SslSettings.CheckCertificateRevocation);
    }

    [Fact]
    public void they_turn_off_retryable_writes_and_name_replica_set_rs0_read_from_the_primary()
    {
        Assert.False(settings.RetryWrites);
        Assert.Equal("rs0", settings.ReplicaSetName);
        Assert.Equal(ReadPreference.Primary, settings.ReadPreference);
        Assert.False(settings.DirectConnection);
    }

    [Fact]
    public void they_address_the_secrets_host_and_port_as_its_user()
    {
        Assert.Equal(new MongoServerAddress("razors.cluster-abc.docdb.test", 27018), Assert.Single(settings.Servers));
        Assert.Equal("razors", settings.Credential.Username);
        Assert.Equal("admin", settings.Credential.Source);
    }

    [Fact]
    public void their_text_form_leaves_the_password_out()
    {
        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        authority.Dispose();
        directory.Delete(recursive: true);
    }
}
