using System.Security.Cryptography.X509Certificates;
using Razors.Payments.Mongo;

namespace Razors.Payments.Tests.Mongo;

public sealed class when_the_rds_ca_bundle_checks_a_server : IDisposable
{
    private const string Host = "razors.cluster-abc.eu-west-1.docdb.test";
    private const string Setting = "Payments:DocumentDb:CaBundleFile";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("razors-ca-");
    private readonly X509Certificate2 rdsRoot = TestCertificates.Authority("Test RDS Root");
    private readonly X509Certificate2 otherRoot = TestCertificates.Authority("Some Other Root");

    [Fact]
    public async Task a_server_certificate_issued_by_a_root_in_the_bundle_is_accepted()
    {
        using var authority = Load(rdsRoot);
        using var server = TestCertificates.Server(rdsRoot, Host);

        Assert.True(await TestCertificates.HandshakeAsync(server, Host, authority.Validate, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_server_certificate_from_another_authority_is_refused()
    {
        using var authority = Load(rdsRoot);
        using var server = TestCertificates.Server(otherRoot, Host);

        Assert.False(await TestCertificates.HandshakeAsync(server, Host, authority.Validate, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_server_certificate_for_another_host_is_refused_though_the_bundle_issued_it()
    {
        using var authority = Load(rdsRoot);
        using var server = TestCertificates.Server(rdsRoot, "someone-else.docdb.test");

        Assert.False(await TestCertificates.HandshakeAsync(server, Host, authority.Validate, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_chain_through_an_intermediate_of_the_bundle_is_accepted_when_the_server_sends_only_its_own_certificate()
    {
        using var intermediate = TestCertificates.Authority("Test RDS eu-west-1", rdsRoot);
        using var authority = Load(rdsRoot, intermediate);
        using var server = TestCertificates.Server(intermediate, Host);

        Assert.Equal(1, authority.RootCount);
        Assert.True(await TestCertificates.HandshakeAsync(server, Host, authority.Validate, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task an_intermediate_the_server_sends_does_not_make_a_foreign_root_trusted()
    {
        using var foreignIntermediate = TestCertificates.Authority("Other Intermediate", otherRoot);
        using var authority = Load(rdsRoot);
        using var server = TestCertificates.Server(foreignIntermediate, Host);

        Assert.False(await TestCertificates.HandshakeAsync(server, Host, authority.Validate, TestContext.Current.CancellationToken, foreignIntermediate));
    }

    [Fact]
    public void a_missing_bundle_fails_naming_the_setting_and_the_script_that_fetches_it()
    {
        var path = Path.Combine(directory.FullName, "rds-global-bundle.pem");

        var error = Assert.Throws<InvalidOperationException>(() => RdsCertificateAuthority.Load(path, Setting));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-rds-ca-bundle.sh", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a certificate\n")]
    public void a_bundle_without_certificates_fails_naming_the_setting(string text)
    {
        var path = Path.Combine(directory.FullName, "empty.pem");
        File.WriteAllText(path, text);

        var error = Assert.Throws<InvalidOperationException>(() => RdsCertificateAuthority.Load(path, Setting));

        Assert.Contains(Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("holds no certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_bundle_of_intermediates_only_fails_for_want_of_a_root()
    {
        using var intermediate = TestCertificates.Authority("Test RDS eu-west-1", rdsRoot);
        var path = TestCertificates.WriteBundle(directory.FullName, intermediate);

        var error = Assert.Throws<InvalidOperationException>(() => RdsCertificateAuthority.Load(path, Setting));

        Assert.Contains("no root", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        rdsRoot.Dispose();
        otherRoot.Dispose();
        directory.Delete(recursive: true);
    }

    private RdsCertificateAuthority Load(params X509Certificate2[] bundle) =>
        RdsCertificateAuthority.Load(TestCertificates.WriteBundle(directory.FullName, bundle), Setting);
}
