using Razors.Payments.Mongo;

namespace Razors.Payments.Tests.Mongo;

public sealed class when_a_documentdb_secret_is_read
{
    private const string SecretId = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors-payments-docdb";

    [Fact]
    public void the_fields_a_cdk_attached_secret_holds_are_read()
    {
        var secret = DocumentDbSecret.Parse("""
            {"dbClusterIdentifier":"razors-payments","password":"p@ss:w/rd","engine":"docdb","port":27017,
             "host":"razors-payments.cluster-abc.eu-west-1.docdb.amazonaws.com","username":"razors"}
            """, SecretId);

        Assert.Equal(new DocumentDbSecret("razors", "p@ss:w/rd", "razors-payments.cluster-abc.eu-west-1.docdb.amazonaws.com", 27017)
        {
            Engine = "docdb",
            DbClusterIdentifier = "razors-payments",
        }, secret);
    }

    [Fact]
    public void a_port_written_as_text_and_no_engine_or_cluster_are_accepted()
    {
        var secret = DocumentDbSecret.Parse("""{"username":"u","password":"p","host":"h","port":"27018"}""", SecretId);

        Assert.Equal(27018, secret.Port);
        Assert.Null(secret.Engine);
        Assert.Null(secret.DbClusterIdentifier);
    }

    [Theory]
    [InlineData("""{"username":"u","host":"h","port":27017}""", "has no password")]
    [InlineData("""{"password":"hunter2","port":27017}""", "has no username, host")]
    [InlineData("""{"username":"u","password":"hunter2","host":" ","port":null}""", "has no host, port")]
    [InlineData("""{"username":"u","password":"hunter2","host":"h","port":"twenty"}""", "port that is not a number")]
    [InlineData("""{"username":"u","password":"hunter2","host":"h","port":70000}""", "port that is not a number")]
    [InlineData("""{"username":7,"password":"hunter2","host":"h","port":1}""", "username that is not a string")]
    [InlineData("""["hunter2"]""", "is not a JSON object")]
    [InlineData("""{"username":"u","password":"hunter2""", "is not JSON")]
    [InlineData("", "is empty or binary")]
    [InlineData(null, "is empty or binary")]
    public void a_secret_missing_or_malforming_a_field_fails_naming_it_and_the_secret_but_not_the_password(string? json, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DocumentDbSecret.Parse(json, SecretId));

        Assert.Contains(SecretId, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void its_text_form_hides_the_password()
    {
        var secret = new DocumentDbSecret("razors", "hunter2", "h", 27017);

        Assert.DoesNotContain("hunter2", secret.ToString(), StringComparison.Ordinal);
        Assert.Contains("razors", secret.ToString(), StringComparison.Ordinal);
    }
}
