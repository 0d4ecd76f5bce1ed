namespace Razors.Aws.Ecr;

/// <summary>An error Amazon ECR answered, with its AWS error code (<c>RepositoryNotFoundException</c>, <c>AccessDeniedException</c>, …).</summary>
public class AmazonECRException(string errorCode, string message, int statusCode)
    : AwsServiceException(errorCode, message, statusCode);

/// <summary>A repository named in the request does not exist in the registry (as <c>Amazon.ECR.Model.RepositoryNotFoundException</c>).</summary>
public sealed class RepositoryNotFoundException(string message, int statusCode)
    : AmazonECRException(nameof(RepositoryNotFoundException), message, statusCode);

/// <summary>The repository to create exists already (as <c>Amazon.ECR.Model.RepositoryAlreadyExistsException</c>).</summary>
public sealed class RepositoryAlreadyExistsException(string message, int statusCode)
    : AmazonECRException(nameof(RepositoryAlreadyExistsException), message, statusCode);
