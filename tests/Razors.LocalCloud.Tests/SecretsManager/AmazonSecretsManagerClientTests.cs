using System.Net;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws;
using Razors.Aws.SecretsManager;
using Razors.Testing;

namespace Razors.LocalCloud.Tests.SecretsManager;

public sealed class when_the_secrets_manager_client_reads_a_secret : IDisposable
{
    private const string Arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors-payments-docdb-AbCdEf";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";

    private static readonly string Answer = $$"""
        {"ARN":"{{Arn}}","Name":"razors-payments-docdb","VersionId":"v-1","SecretString":"{\"username\":\"razors\"}","VersionStages":["AWSCURRENT"],"CreatedDate":1.795428030123E9}
        """;

    private readonly StubHttpServer server = new();
    private readonly HttpClient http = new();
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task it_posts_aws_json_1_1_with_the_get_secret_value_target_and_the_secret_id()
    {
        server.ResponseBody = Answer;

        await Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal("secretsmanager.GetSecretValue", request.Headers["X-Amz-Target"]);
        Assert.Equal($$"""{"SecretId":"{{Arn}}"}""", request.Body);
    }

    [Fact]
    public async Task a_version_stage_is_sent_when_given()
    {
        server.ResponseBody = Answer;

        await Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = "razors", VersionStage = "AWSPREVIOUS" }, TestContext.Current.CancellationToken);

        Assert.Equal("""{"SecretId":"razors","VersionStage":"AWSPREVIOUS"}""", Assert.Single(server.Requests).Body);
    }

    [Fact]
    public async Task the_answer_is_read_with_its_string_stages_and_creation_time()
    {
        server.ResponseBody = Answer;

        var secret = await Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken);

        Assert.Equal(Arn, secret.ARN);
        Assert.Equal("razors-payments-docdb", secret.Name);
        Assert.Equal("v-1", secret.VersionId);
        Assert.Equal("""{"username":"razors"}""", secret.SecretString);
        Assert.Null(secret.SecretBinary);
        Assert.Equal(["AWSCURRENT"], secret.VersionStages);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 0, 30, 123, DateTimeKind.Utc), secret.CreatedDate!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(DateTimeKind.Utc, secret.CreatedDate.Value.Kind);
    }

    [Fact]
    public async Task a_binary_secret_arrives_as_its_bytes()
    {
        server.ResponseBody = """{"ARN":"a","Name":"n","SecretBinary":"AAEC/w=="}""";

        var secret = await Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = "n" }, TestContext.Current.CancellationToken);

        Assert.Equal(new byte[] { 0, 1, 2, 255 }, secret.SecretBinary);
        Assert.Null(secret.SecretString);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""", "ResourceNotFoundException", "has no secret")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","Message":"User is not authorized"}""", "AccessDeniedException", "secretsmanager:GetSecretValue")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"DecryptionFailure","message":"KMS denied"}""", "DecryptionFailure", "kms:Decrypt")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.secretsmanager#InvalidRequestException","message":"marked for deletion"}""", "InvalidRequestException", "deleted secret")]
    [InlineData(HttpStatusCode.InternalServerError, """{"__type":"InternalServiceError","message":"oops"}""", "InternalServiceError", "failed")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "Http502", "failed")]
    public async Task an_error_names_the_secret_and_what_to_check_and_is_not_retried(HttpStatusCode status, string body, string code, string advice)
    {
        server.ResponseStatus = status;
        server.ResponseBody = body;

        var error = await Assert.ThrowsAsync<AmazonSecretsManagerException>(
            () => Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Contains(Arn, error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_throttled_call_is_sent_again_after_a_pause_until_it_succeeds()
    {
        server.NextResponses.Enqueue((HttpStatusCode.BadRequest, Throttled));
        server.NextResponses.Enqueue((HttpStatusCode.TooManyRequests, ""));
        server.NextResponses.Enqueue((HttpStatusCode.ServiceUnavailable, ""));
        server.ResponseBody = Answer;

        var call = Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => !server.Requests.IsEmpty, TimeSpan.FromSeconds(10), "the first request", TestContext.Current.CancellationToken);
        Assert.False(call.IsCompleted);
        var secret = await Eventually.AdvancingTimeAsync(time, call, TestContext.Current.CancellationToken);

        Assert.Equal("v-1", secret.VersionId);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task throttling_past_the_retry_limit_is_an_exception()
    {
        server.ResponseStatus = HttpStatusCode.BadRequest;
        server.ResponseBody = Throttled;

        var call = Client(new ThrottlingRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromSeconds(1) })
            .GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<AmazonSecretsManagerException>(() => Eventually.AdvancingTimeAsync(time, call, TestContext.Current.CancellationToken));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_an_error_that_does_not_quote_it()
    {
        server.ResponseBody = """{"SecretString": "hunter2""";

        var error = await Assert.ThrowsAsync<AmazonSecretsManagerException>(
            () => Client().GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken));

        Assert.Equal("SerializationException", error.ErrorCode);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_request_without_a_secret_id_is_refused_without_a_call()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client().GetSecretValueAsync(new GetSecretValueRequest(), TestContext.Current.CancellationToken));

        Assert.Contains("SecretId", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task a_signed_client_signs_for_the_secretsmanager_service_including_the_target_header()
    {
        server.ResponseBody = Answer;
        using var client = AmazonSecretsManagerClient.CreateSigned(server.Url, new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.EUWest1);

        await client.GetSecretValueAsync(new GetSecretValueRequest { SecretId = Arn }, TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/secretsmanager/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';'));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", request.Headers["X-Amz-Date"]);
    }

    [Fact]
    public void the_aws_endpoint_is_the_regional_secretsmanager_host()
    {
        Assert.Equal(new Uri("https://secretsmanager.eu-west-1.amazonaws.com/"), AmazonSecretsManagerClient.ServiceUrl(RegionEndpoint.EUWest1));
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }

    private AmazonSecretsManagerClient Client(ThrottlingRetryOptions? retry = null) =>
        new(http, server.Url, retry ?? new ThrottlingRetryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, time);
}
