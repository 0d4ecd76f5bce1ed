using Microsoft.AspNetCore.Http;

namespace Razors.ServiceDefaults;

// RFC 9457 problem details (application/problem+json) for a request that cannot be taken: a JSON
// body that is not JSON, too large, not a JSON object or with invalid fields, or a bad header.
public static class RequestProblems
{
    public static IResult NotJson() =>
        Results.Problem(
            "Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "The body must be JSON.");

    public static IResult BodyTooLarge(int limit) =>
        Results.Problem(
            $"The body must be at most {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The body is too large.");

    public static IResult MalformedBody(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON object.");

    public static IResult InvalidFields(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(
            errors, statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "One or more fields are invalid.", detail: "See errors: each invalid field with what is wrong with it.");

    public static IResult InvalidHeader(string header, string error) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [header] = [error] }, statusCode: StatusCodes.Status400BadRequest,
            title: $"The {header} header is invalid.");
}
