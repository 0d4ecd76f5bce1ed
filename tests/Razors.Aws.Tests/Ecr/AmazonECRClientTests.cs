using System.Net;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws.Ecr;
using Razors.Testing;

namespace Razors.Aws.Tests.Ecr;

public sealed class when_the_ecr_client_talks_to_ecr : IDisposable
{
    private const string Account = "123456789012";
    private const string Name = "razors-payments-worker";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";
    private const string NotFound = """{"__type":"RepositoryNotFoundException","message":"The repository with name 'razors-payments-worker' does not exist in the registry with id '123456789012'"}""";

    // The shapes of https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html,
    // API_DescribeRepositories.html and API_CreateRepository.html; "QVdTOnNlY3JldC1wYXNzd29yZA==" is "AWS:secret-password".
    private const string Token = """
        {"authorizationData":[{"authorizationToken":"QVdTOnNlY3JldC1wYXNzd29yZA==","expiresAt":1.796684430123E9,"proxyEndpoint":"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"}]}
        """;

    private const string RepositoryJson = """
        {"registryId":"123456789012","repositoryName":"razors-payments-worker","repositoryArn":"arn:aws:ecr:eu-west-1:123456789012:repository/razors-payments-worker",
         "repositoryUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/razors-payments-worker","createdAt":1.7954280301E9,"imageTagMutability":"IMMUTABLE",
         "imageScanningConfiguration":{"scanOnPush":true},"encryptionConfiguration":{"encryptionType":"AES256"}}
        """;

    private readonly StubHttpServer server = new() { ResponseContentType = "application/x-amz-json-1.1" };
    private readonly HttpClient http = new();
    private readonly FakeTimeProvider time = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task get_authorization_token_posts_aws_json_1_1_with_its_target_and_an_empty_body()
    {
        server.ResponseBody = Token;

        await Client().GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), Cancel);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", request.Headers["X-Amz-Target"]);
        Assert.Equal("{}", request.Body);
    }

    [Fact]
    public async Task the_authorization_data_is_read_with_its_token_endpoint_and_expiry_in_utc()
    {
        server.ResponseBody = Token;

        var response = await Client().GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), Cancel);

        var data = Assert.Single(response.AuthorizationData);
        Assert.Equal("QVdTOnNlY3JldC1wYXNzd29yZA==", data.AuthorizationToken);
        Assert.Equal("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com", data.ProxyEndpoint);
        Assert.Equal(new DateTime(2026, 12, 7, 23, 0, 30, 123, DateTimeKind.Utc), data.ExpiresAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(DateTimeKind.Utc, data.ExpiresAt.Value.Kind);
    }

    [Fact]
    public async Task describe_repositories_sends_the_camel_case_registry_and_names()
    {
        server.ResponseBody = $$"""{"repositories":[{{RepositoryJson}}]}""";

        var response = await Client().DescribeRepositoriesAsync(
            new DescribeRepositoriesRequest { RegistryId = Account, RepositoryNames = [Name] }, Cancel);

        var request = Assert.Single(server.Requests);
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", request.Headers["X-Amz-Target"]);
        Assert.Equal("""{"registryId":"123456789012","repositoryNames":["razors-payments-worker"]}""", request.Body);
        var repository = Assert.Single(response.Repositories);
        Assert.Equal(Name, repository.RepositoryName);
        Assert.Equal(Account, repository.RegistryId);
        Assert.Equal("arn:aws:ecr:eu-west-1:123456789012:repository/razors-payments-worker", repository.RepositoryArn);
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/razors-payments-worker", repository.RepositoryUri);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 0, 30, 100, DateTimeKind.Utc), repository.CreatedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ImageTagMutability.IMMUTABLE, repository.ImageTagMutability);
        Assert.True(repository.ImageScanningConfiguration!.ScanOnPush);
        Assert.Equal(EncryptionType.AES256, repository.EncryptionConfiguration!.EncryptionType);
    }

    [Fact]
    public async Task a_repository_that_does_not_exist_is_a_repository_not_found_exception_that_is_not_retried()
    {
        server.ResponseStatus = HttpStatusCode.BadRequest;
        server.ResponseBody = NotFound;

        var error = await Assert.ThrowsAsync<RepositoryNotFoundException>(
            () => Client().DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [Name] }, Cancel));

        Assert.Equal("RepositoryNotFoundException", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task create_repository_sends_scan_on_push_tag_mutability_and_encryption_in_camel_case()
    {
        server.ResponseBody = $$"""{"repository":{{RepositoryJson}}}""";

        var response = await Client().CreateRepositoryAsync(new CreateRepositoryRequest
        {
            RegistryId = Account,
            RepositoryName = Name,
            ImageTagMutability = ImageTagMutability.IMMUTABLE,
            ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
            EncryptionConfiguration = new EncryptionConfiguration { EncryptionType = EncryptionType.AES256 },
        }, Cancel);

        var request = Assert.Single(server.Requests);
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921.CreateRepository", request.Headers["X-Amz-Target"]);
        Assert.Equal(
            """{"registryId":"123456789012","repositoryName":"razors-payments-worker","imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true},"encryptionConfiguration":{"encryptionType":"AES256"}}""",
            request.Body);
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/razors-payments-worker", response.Repository!.RepositoryUri);
    }

    [Fact]
    public async Task creating_a_repository_that_exists_is_a_repository_already_exists_exception()
    {
        server.ResponseStatus = HttpStatusCode.BadRequest;
        server.ResponseBody = """{"__type":"RepositoryAlreadyExistsException","message":"The repository already exists"}""";

        var error = await Assert.ThrowsAsync<RepositoryAlreadyExistsException>(
            () => Client().CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = Name }, Cancel));

        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_create_request_without_a_name_is_refused_without_a_call()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client().CreateRepositoryAsync(new CreateRepositoryRequest(), Cancel));

        Assert.Contains("RepositoryName", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"not authorized"}""", "AccessDeniedException", "ecr:GetAuthorizationToken")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.ecr#InvalidParameterException","message":"bad"}""", "InvalidParameterException", "refused a parameter")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"ExpiredTokenException","message":"expired"}""", "ExpiredTokenException", "credentials")]
    [InlineData(HttpStatusCode.InternalServerError, """{"__type":"ServerException","message":"oops"}""", "ServerException", "failed")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "Http502", "failed")]
    public async Task an_error_says_what_failed_and_what_to_check_and_is_not_retried(HttpStatusCode status, string body, string code, string advice)
    {
        server.ResponseStatus = status;
        server.ResponseBody = body;

        var error = await Assert.ThrowsAsync<AmazonECRException>(
            () => Client().GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), Cancel));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Contains("ECR authorization token", error.Message, StringComparison.Ordinal);
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
        server.ResponseBody = $$"""{"repository":{{RepositoryJson}}}""";

        var call = Client().CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = Name }, Cancel);
        await Eventually.TrueAsync(() => !server.Requests.IsEmpty, TimeSpan.FromSeconds(10), "the first request", Cancel);
        Assert.False(call.IsCompleted);
        var response = await Eventually.AdvancingTimeAsync(time, call, Cancel);

        Assert.Equal(Name, response.Repository!.RepositoryName);
        Assert.Equal(4, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("AmazonEC2ContainerRegistry_V20150921.CreateRepository", r.Headers["X-Amz-Target"]));
    }

    [Fact]
    public async Task throttling_past_the_retry_limit_is_an_exception()
    {
        server.ResponseStatus = HttpStatusCode.BadRequest;
        server.ResponseBody = Throttled;

        var call = Client(new ThrottlingRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromSeconds(1) })
            .DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [Name] }, Cancel);
        var error = await Assert.ThrowsAsync<AmazonECRException>(() => Eventually.AdvancingTimeAsync(time, call, Cancel));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_an_error_that_does_not_quote_it()
    {
        server.ResponseBody = """{"authorizationData":[{"authorizationToken":"QVdTOnNlY3JldC1wYXNzd29yZA==" """;

        var error = await Assert.ThrowsAsync<AmazonECRException>(
            () => Client().GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), Cancel));

        Assert.Equal("SerializationException", error.ErrorCode);
        Assert.DoesNotContain("QVdTOnNlY3JldC1wYXNzd29yZA==", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_signed_client_signs_for_the_ecr_service_including_the_target_header()
    {
        server.ResponseBody = Token;
        using var client = AmazonECRClient.CreateSigned(server.Url, new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.EUWest1);

        await client.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), Cancel);

        var request = Assert.Single(server.Requests);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/ecr/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';'));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", request.Headers["X-Amz-Date"]);
    }

    [Fact]
    public void the_aws_endpoint_is_the_regional_ecr_api_host()
    {
        Assert.Equal(new Uri("https://api.ecr.eu-west-1.amazonaws.com/"), AmazonECRClient.ServiceUrl(RegionEndpoint.EUWest1));
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }

    private AmazonECRClient Client(ThrottlingRetryOptions? retry = null) =>
        new(http, server.Url, retry ?? new ThrottlingRetryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, time);
}
