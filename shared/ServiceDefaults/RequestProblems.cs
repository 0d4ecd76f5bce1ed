using Microsoft.AspNetCore.Http;

namespace Razors.ServiceDefaults;

// RFC 9457 problem details (application/problem+json) for a request that cannot be taken: a route
// or query parameter that is invalid, a JSON body that is not JSON, too large, not a JSON object or
// with invalid fields, or a bad header.
public static class RequestProblems
{
    // A route or query parameter, named in errors as the route or query names it.
    public static IResult InvalidParameter(string parameter, string error) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [error] }, statusCode: StatusCodes.Status400BadRequest,
            title: $"The {parameter} parameter is invalid.");

    // A route id outside the one id charset (ClientIds); the id is not echoed, whatever it holds.
    public static IResult InvalidId(string parameter) => InvalidParameter(parameter, ClientIds.Rule);

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
